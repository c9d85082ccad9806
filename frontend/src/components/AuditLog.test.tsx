import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AuditLog } from "./AuditLog";
import { fakeFetch, renderWithApp } from "../test/render";

const DOMINIQUE = { id: "u1", email: "dominique@relais.test", name: "Dominique Bernard" };

function event(id: number, action: string, details: Record<string, unknown> = {}, subject: string | null = null) {
  return { id, at: "2026-12-04T09:00:00Z", action, actor: DOMINIQUE, organisation: "org1", subject_type: subject ? "user" : null, subject, details, ip: "127.0.0.1" };
}

afterEach(() => vi.unstubAllGlobals());

describe("AuditLog", () => {
  it("loads 50 entries at a time, the older ones before the last id shown, and filters on the action", async () => {
    // 50 entries, then 2 older ones.
    const first = Array.from({ length: 50 }, (_, i) => event(100 - i, i % 2 ? "signed_in" : "caseload_exported", { rows: 3 }));
    const older = [event(50, "role_changed", { from: "counsellor", to: "org_admin" }, "u2"), event(49, "invitation_sent", { email: "alex@relais.test" })];
    const { fetch, calls } = fakeFetch((url) => ({ status: 200, body: { events: url.searchParams.get("before") ? older : first } }));
    vi.stubGlobal("fetch", fetch);
    renderWithApp(<AuditLog path="/api/v1/orgs/org1/audit" people={{ u2: "Alex Moreau" }} />);

    await screen.findByRole("table", { name: "50 entrées affichées sur 50 chargées, la plus récente en premier" });
    expect(calls[0].url.search).toBe("?limit=50");
    await userEvent.click(screen.getByRole("button", { name: "Voir les entrées plus anciennes" }));
    await screen.findByRole("table", { name: /^52 entrées affichées sur 52 chargées/ });
    expect(calls[1].url.search).toBe("?before=51&limit=50");
    // Fewer than 50: nothing older.
    expect(screen.queryByRole("button", { name: "Voir les entrées plus anciennes" })).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText(/Type d’action/), "role_changed");
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("Rôle changé");
    expect(rows[0]).toHaveTextContent("Alex Moreau");
    expect(rows[0]).toHaveTextContent("avant : Conseiller ou conseillère ; après : Administrateur ou administratrice");

    await userEvent.selectOptions(screen.getByLabelText(/Type d’action/), "invitation_sent");
    expect(within(screen.getByRole("table")).getAllByRole("row")[1]).toHaveTextContent("alex@relais.test");
  });
});
