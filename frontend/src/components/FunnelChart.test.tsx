import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import { FunnelChart } from "./FunnelChart";
import { renderWithApp } from "../test/render";

const STAGES = { seekers: 40, with_shortlist: 32, contacted: 20, answered: 10, interview: 4, hired: 5 };

afterEach(() => vi.unstubAllGlobals());

describe("FunnelChart", () => {
  it("draws one bar per stage, the largest figure the longest, and says the figures in words", () => {
    const { container } = renderWithApp(<FunnelChart id="funnel" caption="Fin juin 2026" stages={STAGES} />);
    const chart = screen.getByRole("img");
    expect(chart).toHaveAccessibleName(
      "Graphique en barres. Fin juin 2026 : Personnes accompagnées : 40, Avec des entreprises proposées : 32, " +
        "Ont contacté une entreprise : 20, Ont eu une réponse : 10, Ont obtenu un entretien : 4, Embauchées : 5. " +
        "Les mêmes chiffres sont dans le tableau qui suit.",
    );
    const width = (stage: string) => Number(container.querySelector(`[data-stage="${stage}"] rect`)?.getAttribute("width"));
    expect(width("seekers")).toBeGreaterThan(width("with_shortlist"));
    expect(width("with_shortlist") / width("seekers")).toBeCloseTo(32 / 40);
    // Hired without an interview: the later stage is the longer bar.
    expect(width("hired")).toBeGreaterThan(width("interview"));
  });

  it("gives the same figures in a table, with each stage's share of the seekers", () => {
    renderWithApp(<FunnelChart id="funnel" caption="Fin juin 2026" stages={STAGES} />);
    const table = screen.getByRole("table", { name: "Fin juin 2026 (données du graphique)" });
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent?.replace(/\s/g, " ")));
    expect(rows).toEqual([
      ["Personnes accompagnées", "40", "100 %"],
      ["Avec des entreprises proposées", "32", "80 %"],
      ["Ont contacté une entreprise", "20", "50 %"],
      ["Ont eu une réponse", "10", "25 %"],
      ["Ont obtenu un entretien", "4", "10 %"],
      ["Embauchées", "5", "13 %"],
    ]);
  });

  it("draws an empty funnel without dividing by zero, in English too", () => {
    const empty = { seekers: 0, with_shortlist: 0, contacted: 0, answered: 0, interview: 0, hired: 0 };
    renderWithApp(<FunnelChart id="funnel" caption="End of June 2026" stages={empty} />, { language: "en" });
    const table = screen.getByRole("table", { name: "End of June 2026 (the chart's data)" });
    expect(within(table).getByRole("rowheader", { name: "Hired" }).parentElement).toHaveTextContent("Hired0—");
    expect(screen.getByRole("img")).toHaveAccessibleName(/^Bar chart\. End of June 2026: Seekers : 0/);
  });

  it("puts each label above its bar on a narrow screen, drawn at the screen's width", () => {
    // A phone: the figure is 360 pixels wide.
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(private readonly callback: () => void) {}
        observe() {
          this.callback();
        }
        disconnect() {}
      },
    );
    const width = vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(360);
    const { container } = renderWithApp(<FunnelChart id="funnel" caption="Fin juin 2026" stages={STAGES} />);
    const svg = container.querySelector("svg")!;
    expect(svg).toHaveAttribute("width", "360");
    const seekers = container.querySelector('[data-stage="seekers"]')!;
    expect(seekers.querySelector("text")).toHaveAttribute("x", "0");
    expect(seekers.querySelector("rect")).toHaveAttribute("x", "0");
    expect(Number(seekers.querySelector("rect")?.getAttribute("width"))).toBe(360 - 70);
    width.mockRestore();
  });
});
