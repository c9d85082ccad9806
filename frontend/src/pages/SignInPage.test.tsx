import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { SignInPage } from "./SignInPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

function renderSignIn(signIn: { status: number; body: unknown }) {
  const { fetch, calls } = fakeFetch((url) =>
    url.pathname === "/api/v1/auth/me"
      ? { status: 401, body: { error: "unauthenticated", message: "sign in first" } }
      : signIn,
  );
  vi.stubGlobal("fetch", fetch);
  renderWithApp(
    <AuthProvider>
      <Routes>
        <Route path="/connexion" element={<SignInPage />} />
        <Route path="/espace" element={<h1>Mon espace</h1>} />
      </Routes>
    </AuthProvider>,
    { path: "/connexion" },
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("SignInPage", () => {
  it("says under each field what is missing, without asking the API", async () => {
    const calls = renderSignIn({ status: 500, body: {} });
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    const email = screen.getByLabelText(/Adresse électronique/, { selector: "#signin-email" });
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveFocus();
    expect(screen.getByText("Indiquez votre adresse électronique.")).toBeInTheDocument();
    expect(screen.getByText("Indiquez votre mot de passe.")).toBeInTheDocument();
    expect(calls.filter((call) => call.url.pathname === "/api/v1/auth/sign_in")).toHaveLength(0);
  });

  it("puts the API's error on the field it names", async () => {
    renderSignIn({ status: 400, body: { error: "invalid_parameter", field: "email", message: "not an email address" } });
    await userEvent.type(screen.getByLabelText(/Adresse électronique/, { selector: "#signin-email" }), "camille@");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "un mot de passe");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    const email = screen.getByLabelText(/Adresse électronique/, { selector: "#signin-email" });
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(
      screen.getByText("Cette adresse électronique n’est pas valide. Format attendu : nom@domaine.fr"),
    ).toBeInTheDocument();
  });

  it("shows a refusal of the whole form above it, with what was typed sent as typed", async () => {
    const calls = renderSignIn({ status: 401, body: { error: "invalid_credentials", message: "wrong email or password" } });
    await userEvent.type(screen.getByLabelText(/Adresse électronique/, { selector: "#signin-email" }), "camille@relais.test");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "pas le bon");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Adresse électronique ou mot de passe incorrect.");
    const signIn = calls.find((call) => call.url.pathname === "/api/v1/auth/sign_in");
    expect(JSON.parse(String(signIn?.init?.body))).toEqual({ email: "camille@relais.test", password: "pas le bon" });
  });
});
