import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MembersTable } from "./MembersTable";
import { setCsrfToken, type Member } from "../lib/api";
import { fakeFetch, renderWithApp } from "../test/render";

const ADMIN: Member = {
  user: { id: "u1", email: "dominique@relais.test", name: "Dominique Bernard" },
  role: "org_admin",
  active: true,
  since: "2026-01-05T09:00:00Z",
};
const COUNSELLOR: Member = {
  user: { id: "u2", email: "alex@relais.test", name: "Alex Moreau" },
  role: "counsellor",
  active: true,
  since: "2026-02-10T09:00:00Z",
};

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

function renderTable(answer: Parameters<typeof fakeFetch>[0], members = [ADMIN, COUNSELLOR]) {
  const { fetch, calls } = fakeFetch(answer);
  vi.stubGlobal("fetch", fetch);
  setCsrfToken("csrf-1");
  const onChanged = vi.fn();
  const onDeactivate = vi.fn();
  renderWithApp(<MembersTable org="org1" members={members} myId="u1" onChanged={onChanged} onDeactivate={onDeactivate} />);
  return { calls, onChanged, onDeactivate };
}

describe("MembersTable", () => {
  it("changes a member's role with the session's token, and says it is saved", async () => {
    const { calls, onChanged } = renderTable((_url, init) => ({
      status: 200,
      body: { ...COUNSELLOR, role: JSON.parse(String(init?.body)).role },
    }));
    const table = screen.getByRole("table", { name: "2 membres" });
    expect(within(table).getByRole("rowheader", { name: /Dominique Bernard \(vous\)/ })).toBeInTheDocument();

    const role = screen.getByLabelText("Rôle de Alex Moreau");
    expect(role).toHaveValue("counsellor");
    await userEvent.selectOptions(role, "org_admin");
    const row = role.closest("tr")!;
    await userEvent.click(within(row).getByRole("button", { name: "Changer le rôle" }));

    await waitFor(() => expect(onChanged).toHaveBeenCalledWith({ ...COUNSELLOR, role: "org_admin" }));
    expect(within(row).getByRole("status")).toHaveTextContent("Rôle enregistré.");
    expect(calls).toHaveLength(1);
    expect(calls[0].url.pathname).toBe("/api/v1/orgs/org1/members/u2");
    expect(calls[0].init?.method).toBe("PATCH");
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ role: "org_admin" });
    expect((calls[0].init?.headers as Record<string, string>)["X-CSRF-Token"]).toBe("csrf-1");
  });

  it("shows the API's refusal under the role it concerns, and focuses it", async () => {
    const { onChanged } = renderTable(() => ({
      status: 409,
      body: { error: "last_org_admin", message: "this is the organisation's last active org admin" },
    }));
    const role = screen.getByLabelText("Rôle de Dominique Bernard");
    await userEvent.selectOptions(role, "counsellor");
    await userEvent.click(within(role.closest("tr")!).getByRole("button", { name: "Changer le rôle" }));

    await waitFor(() => expect(role).toHaveAttribute("aria-invalid", "true"));
    expect(role).toHaveAccessibleDescription(/C’est le dernier administrateur ou la dernière administratrice active/);
    expect(role).toHaveFocus();
    expect(onChanged).not.toHaveBeenCalled();
    // The other row is untouched.
    expect(screen.getByLabelText("Rôle de Alex Moreau")).not.toHaveAttribute("aria-invalid");
  });

  it("asks the page to confirm a deactivation, and reactivates at once", async () => {
    const inactive = { ...COUNSELLOR, active: false };
    const { calls, onDeactivate, onChanged } = renderTable(() => ({ status: 200, body: COUNSELLOR }), [ADMIN, inactive]);
    await userEvent.click(screen.getByRole("button", { name: "Désactiver" }));
    expect(onDeactivate).toHaveBeenCalledWith(ADMIN);
    expect(calls).toHaveLength(0);

    expect(screen.getByLabelText("Rôle de Alex Moreau")).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Réactiver" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(COUNSELLOR));
    expect(calls[0].url.pathname).toBe("/api/v1/orgs/org1/members/u2/reactivate");
    expect(calls[0].init?.method).toBe("POST");
  });
});
