import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, Route, Routes } from "react-router-dom";
import { Layout } from "./Layout";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

function renderLayout(me: { status: number; body: unknown }) {
  const { fetch, calls } = fakeFetch(() => me);
  vi.stubGlobal("fetch", fetch);
  const result = renderWithApp(
    <AuthProvider>
      <Routes>
        <Route element={<Layout />}>
          <Route
            index
            element={
              <>
                <h1>Accueil</h1>
                <Link to="/autre">Autre page</Link>
              </>
            }
          />
          <Route path="autre" element={<h1>Autre page</h1>} />
        </Route>
      </Routes>
    </AuthProvider>,
  );
  return { ...result, calls };
}

afterEach(() => vi.unstubAllGlobals());

describe("Layout", () => {
  it("offers skip links, sign-in, and switches every text to English", async () => {
    const { i18n, calls } = renderLayout({ status: 401, body: { error: "unauthenticated", message: "sign in first" } });
    expect(screen.getByRole("link", { name: "Contenu" })).toHaveAttribute("href", "#contenu");
    expect(screen.getByRole("link", { name: "Pied de page" })).toHaveAttribute("href", "#pied-de-page");
    const header = screen.getByRole("banner");
    await waitFor(() => expect(within(header).getAllByRole("link", { name: "Se connecter" })[0]).toHaveAttribute("href", "/connexion"));
    expect(calls.map((call) => call.url.pathname)).toEqual(["/api/v1/auth/me"]);
    expect(document.documentElement.lang).toBe("fr");

    await userEvent.click(within(header).getAllByRole("link", { name: /^en\s-\sEnglish$/, hidden: true })[0]);
    expect(i18n.language).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    expect(window.localStorage.getItem("relais.lang")).toBe("en");
    expect(within(header).getAllByRole("link", { name: "Sign in" })[0]).toHaveAttribute("href", "/connexion");
    expect(screen.getByRole("link", { name: "Content" })).toHaveAttribute("href", "#contenu");
  });

  it("shows the signed-in person and a sign-out button", async () => {
    renderLayout({
      status: 200,
      body: {
        user: { id: "u1", email: "camille@relais.test", name: "Camille Martin" },
        is_platform_admin: false,
        organisations: [],
        csrf_token: "t0k3n",
      },
    });
    const header = screen.getByRole("banner");
    await waitFor(() =>
      expect(within(header).getAllByRole("link", { name: "Camille Martin" })[0]).toHaveAttribute("href", "/espace"),
    );
    expect(within(header).getAllByRole("button", { name: "Se déconnecter" }).length).toBeGreaterThan(0);
    expect(within(header).queryByRole("link", { name: "Se connecter" })).toBeNull();
  });

  it("leads org admins and the platform admin to their administration pages", async () => {
    const me = (organisations: unknown[], is_platform_admin = false) => ({
      status: 200,
      body: { user: { id: "u1", email: "d@relais.test", name: "Dominique Bernard" }, is_platform_admin, organisations, csrf_token: "t" },
    });
    const admin = { id: "org1", name: "Mission locale de Metz", role: "org_admin", seeker_id: null };
    const { unmount } = renderLayout(me([admin]));
    const header = screen.getByRole("banner");
    await waitFor(() =>
      expect(within(header).getAllByRole("link", { name: "Administrer la structure" })[0]).toHaveAttribute("href", "/structures/org1/membres"),
    );
    unmount();

    const counsellor = renderLayout(me([{ ...admin, role: "counsellor" }]));
    await waitFor(() => expect(within(screen.getByRole("banner")).getAllByRole("link", { name: "Dominique Bernard" }).length).toBeGreaterThan(0));
    expect(within(screen.getByRole("banner")).queryByRole("link", { name: "Administrer la structure" })).toBeNull();
    counsellor.unmount();

    renderLayout(me([], true));
    await waitFor(() =>
      expect(within(screen.getByRole("banner")).getAllByRole("link", { name: "Administration" })[0]).toHaveAttribute("href", "/administration/structures"),
    );
  });

  it("moves the focus to the new page's content after a page change, not on the first load", async () => {
    renderLayout({ status: 401, body: { error: "unauthenticated", message: "sign in first" } });
    const main = screen.getByRole("main");
    expect(main).not.toHaveFocus();
    await userEvent.click(screen.getByRole("link", { name: "Autre page" }));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Autre page");
    expect(main).toHaveFocus();
  });
});
