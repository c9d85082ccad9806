import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { StatusHistory } from "./StatusHistory";
import type { Application } from "../lib/api";
import { renderWithApp } from "../test/render";

const APPLICATION: Application = {
  siret: "48186978200013",
  company: null,
  status: "interview",
  next_statuses: ["hired", "declined", "no_answer"],
  kept_at: "2026-11-02T09:00:00+00:00",
  status_changed_at: "2026-11-20T14:30:00+00:00",
  history: [
    { from: null, to: "to_contact", at: "2026-11-02T09:00:00+00:00", contact: null, via: null },
    { from: "to_contact", to: "contacted", at: "2026-11-03T10:15:00+00:00", contact: "c1", via: null },
    { from: "contacted", to: "interview", at: "2026-11-20T14:30:00+00:00", contact: null, via: null },
  ],
  contacts: [
    { id: "c1", method: "phone", date: "2026-11-03", note: null, outcome: "no_answer_yet", logged_at: "2026-11-03T10:15:00+00:00" },
  ],
};

describe("StatusHistory", () => {
  it("dates every move, oldest first, with the contact that made it", () => {
    renderWithApp(<StatusHistory application={APPLICATION} headingId="h" />);
    const list = screen.getByRole("list", { name: "Historique du statut" });
    const lines = within(list).getAllByRole("listitem").map((item) => item.textContent);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^2 novembre 2026 .*: gardée, statut « À contacter »$/);
    expect(lines[1]).toMatch(
      /^3 novembre 2026 .*: de « À contacter » à « Contactée » après le contact du 3 novembre 2026 \(Téléphone, Pas encore de réponse\)$/,
    );
    expect(lines[2]).toMatch(/^20 novembre 2026 .*: de « Contactée » à « Entretien »$/);
  });

  it("speaks English", () => {
    renderWithApp(<StatusHistory application={APPLICATION} headingId="h" />, { language: "en" });
    const list = screen.getByRole("list", { name: "Status history" });
    expect(within(list).getAllByRole("listitem")[2].textContent).toMatch(/^November 20, 2026.*: from “Contacted” to “Interview”$/);
  });

  it("says which moves came from the coach's emails", () => {
    const history = [
      ...APPLICATION.history.slice(0, 2),
      { from: "contacted", to: "follow_up_due", at: "2026-11-12T09:00:00+00:00", contact: null, via: "coach_answer" as const },
      { from: "follow_up_due", to: "no_answer", at: "2026-11-30T09:00:00+00:00", contact: null, via: "coach" as const },
    ];
    renderWithApp(<StatusHistory application={{ ...APPLICATION, status: "no_answer", history }} headingId="h" />);
    const lines = within(screen.getByRole("list", { name: "Historique du statut" }))
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(lines[1]).not.toMatch(/coach/);
    expect(lines[2]).toMatch(/à « À relancer » \(votre réponse à l’e-mail du coach\)$/);
    expect(lines[3]).toMatch(/\(par le coach, faute de réponse après ses questions\)$/);
  });

  it("shows nothing without a history", () => {
    const { container } = renderWithApp(<StatusHistory application={{ ...APPLICATION, history: [] }} headingId="h" />);
    expect(container).toBeEmptyDOMElement();
  });
});
