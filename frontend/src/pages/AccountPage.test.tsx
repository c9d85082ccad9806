import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { AccountPage } from "./AccountPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

const SEEKER = {
  user: { id: "u1", email: "jeune@metz.test", name: "Léa Martin" },
  is_platform_admin: false,
  organisations: [{ id: "o1", name: "Mission locale de Metz", role: "seeker", seeker_id: "s1" }],
  csrf_token: "csrf-s",
};

afterEach(() => vi.unstubAllGlobals());

describe("AccountPage", () => {
  it("offers a seeker the download of their data, as a plain link the session cookie opens", async () => {
    const { fetch } = fakeFetch((url) =>
      url.pathname === "/api/v1/auth/me" ? { status: 200, body: SEEKER } : { status: 404, body: { error: "not_found", message: "no" } },
    );
    vi.stubGlobal("fetch", fetch);
    renderWithApp(
      <AuthProvider>
        <Routes>
          <Route path="/espace" element={<AccountPage />} />
        </Routes>
      </AuthProvider>,
      { path: "/espace" },
    );

    const link = await screen.findByRole("link", { name: /Télécharger mes données/ });
    expect(link).toHaveAttribute("href", "/api/v1/orgs/o1/seekers/s1/export");
    expect(link).toHaveAttribute("download");
    expect(link).toHaveTextContent("Mission locale de Metz");
  });
});
