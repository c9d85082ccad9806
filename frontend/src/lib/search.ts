// The public company search: what the form holds, how it reads from and
// writes to the page's address (so a search can be shared, reloaded and
// paged with links), and the API query it makes.

export const DISTANCES = [5, 10, 30, 50, 100] as const;
export const SORTS = ["expected_hirings", "distance"] as const;
export const FLAGS = ["junior", "senior", "handicap", "alternance", "poe_afpr", "pmsmp"] as const;

/** Company sizes as the public service groups them, each a range of INSEE
 * headcount bracket codes. */
export const HEADCOUNTS = {
  micro: ["00", "03"],
  small: ["11", "12"],
  medium: ["21", "31"],
  large: ["32", "53"],
} as const;
export type Headcount = keyof typeof HEADCOUNTS;

export const PAGE_SIZE = 20;
/** The API serves pages 1 to 1000. */
export const MAX_PAGE = 1000;

export type SearchCriteria = {
  rome: string;
  jobLabel: string;
  /** INSEE commune code, or "" when the place is a postcode. */
  commune: string;
  postcode: string;
  placeLabel: string;
  distanceKm: number;
  sort: (typeof SORTS)[number];
  headcount: Headcount | "";
  flags: string[];
  page: number;
};

export const EMPTY_CRITERIA: SearchCriteria = {
  rome: "",
  jobLabel: "",
  commune: "",
  postcode: "",
  placeLabel: "",
  distanceKm: 10,
  sort: "expected_hirings",
  headcount: "",
  flags: [],
  page: 1,
};

function oneOf<T extends string | number>(value: T | undefined, allowed: readonly T[], fallback: T): T {
  return value !== undefined && allowed.includes(value) ? value : fallback;
}

export function criteriaFromParams(params: URLSearchParams): SearchCriteria {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const headcount = params.get("taille") ?? "";
  return {
    rome: params.get("rome") ?? "",
    jobLabel: params.get("metier") ?? "",
    commune: params.get("commune") ?? "",
    postcode: params.get("code_postal") ?? "",
    placeLabel: params.get("lieu") ?? "",
    distanceKm: oneOf(Number(params.get("distance")), DISTANCES, 10),
    sort: oneOf(params.get("tri") as SearchCriteria["sort"], SORTS, "expected_hirings"),
    headcount: headcount in HEADCOUNTS ? (headcount as Headcount) : "",
    flags: (params.get("criteres") ?? "")
      .split(",")
      .filter((flag) => (FLAGS as readonly string[]).includes(flag)),
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

export function paramsFromCriteria(criteria: SearchCriteria): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | number, unless: string | number = "") => {
    if (value !== unless) params.set(key, String(value));
  };
  set("rome", criteria.rome);
  set("metier", criteria.jobLabel);
  set("commune", criteria.commune);
  set("code_postal", criteria.postcode);
  set("lieu", criteria.placeLabel);
  set("distance", criteria.distanceKm);
  set("tri", criteria.sort, "expected_hirings");
  set("taille", criteria.headcount);
  set("criteres", criteria.flags.join(","));
  set("page", criteria.page, 1);
  return params;
}

/** Whether the criteria name a job and a place: enough to search. */
export function isComplete(criteria: SearchCriteria): boolean {
  return criteria.rome !== "" && (criteria.commune !== "" || criteria.postcode !== "");
}

/** The query of `GET /api/v1/companies` for these criteria. */
export function apiQuery(criteria: SearchCriteria): Record<string, string | number> {
  const query: Record<string, string | number> = {
    rome: criteria.rome,
    distance_km: criteria.distanceKm,
    sort: criteria.sort,
    page: criteria.page,
    limit: PAGE_SIZE,
  };
  if (criteria.commune) {
    query.commune = criteria.commune;
  } else {
    query.postcode = criteria.postcode;
  }
  if (criteria.headcount) {
    const [min, max] = HEADCOUNTS[criteria.headcount];
    query.headcount_min = min;
    query.headcount_max = max;
  }
  if (criteria.flags.length > 0) {
    query.flags = criteria.flags.join(",");
  }
  return query;
}

/** Which field of the form an API parameter belongs to. */
export const FIELD_OF_PARAMETER: Record<string, string> = {
  rome: "job",
  place: "place",
  postcode: "place",
  commune: "place",
  latitude: "place",
  longitude: "place",
  distance_km: "distance",
  sort: "sort",
  headcount_min: "headcount",
  headcount_max: "headcount",
  flags: "flags",
};
