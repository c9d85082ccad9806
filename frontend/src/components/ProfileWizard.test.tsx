import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProfileWizard } from "./ProfileWizard";
import type { Profile } from "../lib/api";
import { fakeFetch, renderWithApp } from "../test/render";

const PATH = "/api/v1/orgs/org1/seekers/s1/profile";
const JOB = { label: "Boulanger / Boulangère", ogr_code: "11573", rome: "D1102", rome_label: "Boulangerie - viennoiserie" };
const METZ = { commune: "57463", name: "METZ", postcode: "57000", latitude: 49.1, longitude: 6.2, label: "METZ (57000)" };

afterEach(() => vi.unstubAllGlobals());

function answer(put: (body: Record<string, unknown>) => { status: number; body: unknown }) {
  return fakeFetch((url, init) => {
    if (url.pathname === "/api/v1/jobs") return { status: 200, body: { jobs: [JOB] } };
    if (url.pathname === "/api/v1/places") return { status: 200, body: { places: [METZ] } };
    if (init?.method === "PUT") return put(JSON.parse(String(init.body)));
    return { status: 404, body: { error: "not_found", message: "no" } };
  });
}

async function pick(label: string, typed: string, option: string) {
  await userEvent.type(screen.getByRole("combobox", { name: new RegExp(label) }), typed);
  await userEvent.click(await screen.findByRole("option", { name: new RegExp(option) }));
}

describe("ProfileWizard", () => {
  it("goes through the three steps, each checked, and sends the profile", async () => {
    const saved = vi.fn();
    const { fetch, calls } = answer((body) => ({ status: 200, body: { ...body, updated_at: "2026-12-04T10:00:00Z" } }));
    vi.stubGlobal("fetch", fetch);
    renderWithApp(<ProfileWizard path={PATH} profile={null} onSaved={saved} />);

    expect(screen.getByText("Étape 1 sur 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    const job = screen.getByRole("combobox", { name: /Ajouter un métier/ });
    expect(job).toHaveAttribute("aria-invalid", "true");
    expect(job).toHaveAccessibleDescription("Ajoutez au moins un métier, choisi dans la liste des suggestions.");

    await pick("Ajouter un métier", "boulang", "Boulanger / Boulangère");
    expect(screen.getByRole("button", { name: "Retirer Boulanger / Boulangère" })).toBeInTheDocument();
    expect(job).toHaveValue("");
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));

    expect(screen.getByText("Étape 2 sur 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    expect(screen.getByRole("combobox", { name: /Commune de départ/ })).toHaveAccessibleDescription(
      "Choisissez une commune dans la liste des suggestions.",
    );
    await pick("Commune de départ", "metz", "METZ");
    const distance = screen.getByLabelText(/Distance maximale/);
    await userEvent.clear(distance);
    await userEvent.type(distance, "150");
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    expect(distance).toHaveAccessibleDescription("Indiquez une distance de 1 à 100 km.");
    expect(distance).toHaveFocus();
    await userEvent.clear(distance);
    await userEvent.type(distance, "7,5");
    await userEvent.click(screen.getByLabelText(/Transports en commun/));
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));

    expect(screen.getByText("Étape 3 sur 3")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Taille d’entreprise souhaitée"), "small");
    await userEvent.type(screen.getByLabelText(/Compétences/), "Permis B{enter}{enter}Travail en équipe");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer le profil" }));

    await waitFor(() => expect(saved).toHaveBeenCalled());
    const put = calls.find((call) => call.init?.method === "PUT");
    expect(put?.url.pathname).toBe(PATH);
    expect(JSON.parse(String(put?.init?.body))).toEqual({
      target_jobs: ["11573"],
      commune: "57463",
      max_distance_km: 7.5,
      mobility: "public_transport",
      headcount_min: "11",
      headcount_max: "12",
      avoided_sectors: [],
      skills: ["Permis B", "Travail en équipe"],
    });
  });

  it("brings back the step of the field the API refuses, with its words under the field", async () => {
    const profile: Profile = {
      target_jobs: [{ rome: "D1102", label: "Boulanger / Boulangère", ogr_code: null }],
      place: { commune: "57463", postcode: null, name: "METZ", latitude: 49.1, longitude: 6.2 },
      max_distance_km: 10,
      reach_km: 10,
      mobility: "car",
      headcount_min: "01",
      headcount_max: "02",
      avoided_sectors: ["56"],
      skills: [],
      aspirations: null,
      available_from: null,
      updated_at: "2026-12-01T10:00:00Z",
    };
    const { fetch, calls } = answer(() => ({
      status: 400,
      body: { error: "unknown_code", field: "target_jobs[0]", message: "\"D1102\" is neither a ROME code nor a job title code" },
    }));
    vi.stubGlobal("fetch", fetch);
    renderWithApp(<ProfileWizard path={PATH} profile={profile} onSaved={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    // A size saved outside the usual groups is kept as it is.
    expect(screen.getByLabelText("Taille d’entreprise souhaitée")).toHaveValue("custom");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer le profil" }));

    const job = await screen.findByRole("combobox", { name: /Ajouter un métier/ });
    await waitFor(() =>
      expect(job).toHaveAccessibleDescription("Ce métier est inconnu : choisissez-le dans la liste des suggestions."),
    );
    expect(job).toHaveFocus();
    expect(screen.getByText("Étape 1 sur 3")).toBeInTheDocument();
    const body = JSON.parse(String(calls.find((call) => call.init?.method === "PUT")?.init?.body));
    expect([body.target_jobs, body.headcount_min, body.headcount_max, body.avoided_sectors]).toEqual([["D1102"], "01", "02", ["56"]]);
  });
});
