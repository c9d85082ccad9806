import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { CompanyCorrectionPage } from "./CompanyCorrectionPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

const ME = {
  user: { id: "u1", email: "camille@relais.test", name: "Camille Martin" },
  is_platform_admin: true,
  organisations: [],
  csrf_token: "csrf-p",
};

const IMPORTED = {
  siret: "48186978200013",
  name: "REIBEL PASCAL",
  trade_name: "PASCAL REIBEL",
  naf: "8121Z",
  naf_label: "Nettoyage courant des bâtiments",
  headcount: null,
  address: "63R RUE DROGON 57000 METZ",
  postcode: "57000",
  commune: "57463",
  commune_name: "METZ",
  latitude: 49.1,
  longitude: 6.1,
  approximate_location: false,
  contact_mode: null,
  phone: null,
  email: null,
  website: null,
  flags: [],
};

afterEach(() => vi.unstubAllGlobals());

describe("CompanyCorrectionPage", () => {
  it("finds a company, names every bad field the API refuses, then saves the correction", async () => {
    let refuse = true;
    const { fetch, calls } = fakeFetch((url, init) => {
      if (url.pathname === "/api/v1/auth/me") return { status: 200, body: ME };
      if (url.pathname === "/api/v1/companies/48186978200013/correction" && init?.method === "PUT") {
        if (refuse) {
          refuse = false;
          return {
            status: 400,
            body: { error: "invalid_parameter", field: "phone", fields: ["phone", "boosts[0].rome"], message: "phone: bad; boosts[0].rome: Z9999 is not a known ROME code" },
          };
        }
        const sent = JSON.parse(String(init.body));
        return { status: 200, body: { siret: "48186978200013", imported: IMPORTED, correction: { ...sent, updated_at: "2026-12-04T10:00:00Z" } } };
      }
      if (url.pathname === "/api/v1/companies/48186978200013/correction") {
        return { status: 200, body: { siret: "48186978200013", imported: IMPORTED, correction: null } };
      }
      return { status: 404, body: { error: "not_found", message: "no" } };
    });
    vi.stubGlobal("fetch", fetch);
    renderWithApp(
      <AuthProvider>
        <Routes>
          <Route path="/administration/entreprises" element={<CompanyCorrectionPage />} />
        </Routes>
      </AuthProvider>,
      { path: "/administration/entreprises" },
    );

    await userEvent.type(await screen.findByLabelText(/^SIRET/), "481 869 782 00013");
    await userEvent.click(screen.getByRole("button", { name: "Afficher" }));
    await screen.findByRole("heading", { name: "Telle qu’importée (SIRET 48186978200013)" });
    expect(screen.getByTestId("imported")).toHaveTextContent("REIBEL PASCAL");
    expect(screen.getByText("Cette entreprise n’est pas corrigée.")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Téléphone/), "abc");
    await userEvent.click(screen.getByRole("button", { name: "Ajouter un métier" }));
    await userEvent.type(screen.getByLabelText(/^Métier 1/), "Z9999");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer la correction" }));
    await screen.findByText(/Ce numéro n’est pas valide/);
    expect(screen.getByText(/Ce code ROME n’est pas valide/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Téléphone/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText(/^Métier 1/)).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(screen.getByLabelText(/^Téléphone/)).toHaveFocus());

    await userEvent.clear(screen.getByLabelText(/^Téléphone/));
    await userEvent.type(screen.getByLabelText(/^Téléphone/), "03 87 12 34 56");
    await userEvent.clear(screen.getByLabelText(/^Métier 1/));
    await userEvent.type(screen.getByLabelText(/^Métier 1/), "k2204");
    await userEvent.click(screen.getByRole("checkbox", { name: /Masquer l’entreprise/ }));
    await userEvent.type(screen.getByLabelText(/^Raison du masquage/), "Fermée");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer la correction" }));
    await screen.findByText("La correction de PASCAL REIBEL est enregistrée ; les recherches en tiennent compte.");
    const put = calls.filter((call) => call.init?.method === "PUT").at(-1)!;
    expect(JSON.parse(String(put.init?.body))).toMatchObject({
      hidden: true,
      hidden_reason: "Fermée",
      phone: "03 87 12 34 56",
      boosts: [{ rome: "K2204", factor: 2 }],
    });
    expect((put.init?.headers as Record<string, string>)["X-CSRF-Token"]).toBe("csrf-p");
    expect(screen.getByText("Masquée")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Supprimer la correction" })).toBeInTheDocument();
  });
});
