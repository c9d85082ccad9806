import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import { HiringBadge, Stars, hiringBand } from "./Stars";
import { renderWithApp } from "../test/render";

describe("Stars", () => {
  it("draws the filled and empty stars and reads them out in French", () => {
    renderWithApp(<Stars stars={3} />);
    const stars = screen.getByRole("img", { name: "3 étoiles sur 5" });
    expect(stars).toHaveTextContent("★★★☆☆");
  });

  it("uses the singular for one star and clamps to 0–5", () => {
    renderWithApp(
      <>
        <Stars stars={1} />
        <Stars stars={7} />
        <Stars stars={-2} />
      </>,
    );
    expect(screen.getByRole("img", { name: "1 étoile sur 5" })).toHaveTextContent("★☆☆☆☆");
    expect(screen.getByRole("img", { name: "5 étoiles sur 5" })).toHaveTextContent("★★★★★");
    expect(screen.getByRole("img", { name: "0 étoile sur 5" })).toHaveTextContent("☆☆☆☆☆");
  });

  it("reads out in English", () => {
    renderWithApp(<Stars stars={4} />, { language: "en" });
    expect(screen.getByRole("img", { name: "4 stars out of 5" })).toBeInTheDocument();
  });

  it("puts the stars in the shortlist's bands: 4–5 high, 2–3 medium, 0–1 low", () => {
    expect([0, 1, 2, 3, 4, 5].map(hiringBand)).toEqual(["low", "low", "medium", "medium", "high", "high"]);
    renderWithApp(<HiringBadge stars={4} />);
    expect(screen.getByText("Fortes chances d’embauche")).toHaveClass("fr-badge--success");
  });
});
