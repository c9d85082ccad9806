import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { ShortlistPage } from "./ShortlistPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

const ME = {
  user: { id: "u1", email: "sacha@relais.test", name: "Sacha Petit" },
  is_platform_admin: false,
  organisations: [{ id: "org1", name: "Mission locale de Metz", role: "seeker", seeker_id: "s1" }],
  csrf_token: "csrf-s1",
};

function card(siret: string, name: string, stars: number) {
  return {
    siret,
    name,
    trade_name: null,
    naf: "1071C",
    naf_label: "Boulangerie et boulangerie-pâtisserie",
    headcount: null,
    address: "1 RUE DU PONT 57000 METZ",
    postcode: "57000",
    commune: "57463",
    commune_name: "METZ",
    latitude: 49.1,
    longitude: 6.2,
    approximate_location: false,
    contact_mode: null,
    phone: null,
    email: null,
    website: null,
    flags: [],
    distance_km: 2.34,
    jobs: [
      { rome: "D1102", label: "Boulanger / Boulangère", expected_hirings: 1.2, stars, band: "high", contact_mode: "Se présenter spontanément" },
    ],
    offers: [],
    is_new: false,
    recently_contacted_by: siret === "2" ? 4 : null,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("ShortlistPage", () => {
  it("shows why each company is proposed, and keeps one with the session's CSRF token", async () => {
    const { fetch, calls } = fakeFetch((url, init) => {
      if (url.pathname === "/api/v1/auth/me") return { status: 200, body: ME };
      if (url.pathname === "/api/v1/orgs/org1/seekers/s1/shortlist") {
        return {
          status: 200,
          body: { sort: "spread", refreshed_at: null, place_name: "METZ", reach_km: 10, cards: [card("1", "LA BAGUETTE", 5), card("2", "AU FOUR", 3)] },
        };
      }
      if (init?.method === "POST") return { status: 200, body: { siret: "1", status: "to_contact" } };
      return { status: 404, body: { error: "not_found", message: "no" } };
    });
    vi.stubGlobal("fetch", fetch);
    renderWithApp(
      <AuthProvider>
        <Routes>
          <Route path="/espace/entreprises" element={<ShortlistPage />} />
        </Routes>
      </AuthProvider>,
      { path: "/espace/entreprises" },
    );

    const first = await screen.findByRole("article", { name: "LA BAGUETTE" });
    expect(screen.getByText(/2 entreprises à moins de 10 km de METZ/)).toBeInTheDocument();
    expect(within(first).getByRole("img", { name: "5 étoiles sur 5" })).toBeInTheDocument();
    expect(first).toHaveTextContent("Boulanger / Boulangère");
    expect(first).toHaveTextContent("Pour candidater : se présenter spontanément");
    expect(first).toHaveTextContent("à 2,3 km");
    expect(screen.getByRole("article", { name: "AU FOUR" })).toHaveTextContent(
      "4 personnes l’ont contactée ces 30 derniers jours",
    );

    await userEvent.click(within(first).getByRole("button", { name: "Garder" }));
    await waitFor(() => expect(screen.queryByRole("article", { name: "LA BAGUETTE" })).toBeNull());
    expect(screen.getByText("LA BAGUETTE est dans votre liste à contacter.")).toBeInTheDocument();
    const keep = calls.find((call) => call.init?.method === "POST");
    expect(keep?.url.pathname).toBe("/api/v1/orgs/org1/seekers/s1/shortlist/1/keep");
    expect((keep?.init?.headers as Record<string, string>)["X-CSRF-Token"]).toBe("csrf-s1");
  });
});
