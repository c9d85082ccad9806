import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { ImportsPage } from "./ImportsPage";
import { AuthProvider } from "../lib/auth";
import { fakeFetch, renderWithApp } from "../test/render";

const ME = {
  user: { id: "u1", email: "camille@relais.test", name: "Camille Martin" },
  is_platform_admin: true,
  organisations: [],
  csrf_token: "csrf-p",
};

function run(id: number, kind: string, rejected: number, status = "succeeded", error: string | null = null) {
  return {
    id,
    kind,
    source: `../shared/data/${kind}`,
    status,
    started_at: "2026-12-04T09:00:00Z",
    finished_at: status === "running" ? null : "2026-12-04T09:01:00Z",
    rows_read: 17091,
    rows_inserted: 17039,
    rows_updated: 0,
    rows_unchanged: 0,
    rows_rejected: rejected,
    rows_removed: 0,
    error,
    report_url: rejected > 0 ? `/api/v1/imports/${id}/report` : null,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("ImportsPage", () => {
  it("lists the imports with their counts and a link to each report", async () => {
    const { fetch } = fakeFetch((url) => {
      if (url.pathname === "/api/v1/auth/me") return { status: 200, body: ME };
      if (url.pathname === "/api/v1/imports")
        return { status: 200, body: [run(3, "offers", 0, "failed", "missing file"), run(2, "establishments", 52)] };
      return { status: 404, body: { error: "not_found", message: "no" } };
    });
    vi.stubGlobal("fetch", fetch);
    renderWithApp(
      <AuthProvider>
        <Routes>
          <Route path="/administration/imports" element={<ImportsPage />} />
        </Routes>
      </AuthProvider>,
      { path: "/administration/imports" },
    );

    const table = await screen.findByRole("table", { name: "2 imports, le plus récent en premier" });
    const establishments = within(table).getByRole("rowheader", { name: /Établissements/ }).closest("tr")!;
    expect(establishments).toHaveTextContent("Réussi");
    expect(establishments).toHaveTextContent("52");
    expect(within(establishments).getByRole("link", { name: "Télécharger le rapport de l’import n° 2" })).toHaveAttribute(
      "href",
      "/api/v1/imports/2/report",
    );
    const offers = within(table).getByRole("rowheader", { name: /Offres d’emploi/ }).closest("tr")!;
    expect(offers).toHaveTextContent("En échec");
    expect(offers).toHaveTextContent("missing file");
    expect(offers).toHaveTextContent("Aucune ligne rejetée");
    expect(screen.getByRole("link", { name: "Imports de données" })).toHaveAttribute("aria-current", "page");
  });
});
