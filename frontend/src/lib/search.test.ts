import { describe, expect, it } from "vitest";
import { apiQuery, criteriaFromParams, EMPTY_CRITERIA, isComplete, paramsFromCriteria } from "./search";

describe("search criteria", () => {
  it("survive the trip through the address", () => {
    const criteria = {
      ...EMPTY_CRITERIA,
      rome: "D1102",
      jobLabel: "Boulanger / Boulangère",
      commune: "57463",
      placeLabel: "METZ (57000)",
      distanceKm: 30,
      sort: "distance" as const,
      headcount: "small" as const,
      flags: ["junior", "alternance"],
      page: 3,
    };
    const params = paramsFromCriteria(criteria);
    expect(params.toString()).toBe(
      "rome=D1102&metier=Boulanger+%2F+Boulang%C3%A8re&commune=57463&lieu=METZ+%2857000%29&distance=30&tri=distance&taille=small&criteres=junior%2Calternance&page=3",
    );
    expect(criteriaFromParams(params)).toEqual(criteria);
  });

  it("ignore values the API would refuse", () => {
    const criteria = criteriaFromParams(
      new URLSearchParams("rome=D1102&distance=7&tri=name&taille=huge&criteres=junior,robots&page=-4"),
    );
    expect(criteria.distanceKm).toBe(10);
    expect(criteria.sort).toBe("expected_hirings");
    expect(criteria.headcount).toBe("");
    expect(criteria.flags).toEqual(["junior"]);
    expect(criteria.page).toBe(1);
    expect(criteriaFromParams(new URLSearchParams("page=5000")).page).toBe(1000);
  });

  it("make the companies query, with the size as a range of INSEE brackets", () => {
    const criteria = { ...EMPTY_CRITERIA, rome: "D1102", postcode: "57000", headcount: "medium" as const, flags: ["senior"] };
    expect(isComplete(criteria)).toBe(true);
    expect(apiQuery(criteria)).toEqual({
      rome: "D1102",
      postcode: "57000",
      distance_km: 10,
      sort: "expected_hirings",
      page: 1,
      limit: 20,
      headcount_min: "21",
      headcount_max: "31",
      flags: "senior",
    });
    expect(isComplete({ ...criteria, postcode: "" })).toBe(false);
  });
});
