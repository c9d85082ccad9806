// The Relais JSON API, on the same origin. Every error the API answers is
// `{"error", "message", "field"}`; `ApiError` carries the three so a form
// can show the message next to the field it names.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Every field at fault, when the API names several (`field` is the first). */
  readonly fields: string[];

  constructor(status: number, code: string, message: string, field?: string, fields?: string[]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
    this.fields = fields ?? (field ? [field] : []);
  }
}

/** No answer at all: the network or the server is down. */
export const NETWORK_ERROR = "network_error";

let csrfToken: string | null = null;

/** The session's token, sent back in `X-CSRF-Token` with every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Query = Record<string, string | number | undefined | null>;

export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") {
      const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
      return new ApiError(response.status, body.error, String(body.message ?? ""), body.field ?? undefined, fields);
    }
  } catch {
    // Not JSON: a proxy's page, say. Fall through to a generic error.
  }
  return new ApiError(response.status, "http_" + response.status, response.statusText);
}

/** A body sent as it is (a file), with its media type. */
type RawBody = { raw: Blob | string; contentType: string };

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, raw?: RawBody): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (raw) {
    headers["Content-Type"] = raw.contentType;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET" && csrfToken) {
    headers["X-CSRF-Token"] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: raw ? raw.raw : body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") {
      throw err;
    }
    throw new ApiError(0, NETWORK_ERROR, String(err));
  }
  if (!response.ok) {
    throw await errorFrom(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query: Query = {}, signal?: AbortSignal) =>
    request<T>("GET", path + queryString(query), undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  delete: <T>(path: string) => request<T>("DELETE", path),
  /** Posts a file as it is, with its media type. */
  upload: <T>(path: string, raw: Blob | string, contentType: string) =>
    request<T>("POST", path, undefined, undefined, { raw, contentType }),
};

// Shapes of the answers this interface reads (see /api/v1/openapi.json).

export type Job = { label: string; ogr_code: string | null; rome: string; rome_label: string };
export type Place = {
  commune: string;
  name: string;
  postcode: string | null;
  latitude: number | null;
  longitude: number | null;
  label: string;
};

export type Company = {
  siret: string;
  name: string;
  trade_name: string | null;
  naf: string;
  naf_label: string | null;
  headcount: { code: string; label: string } | null;
  address: string;
  postcode: string | null;
  commune: string;
  commune_name: string | null;
  latitude: number;
  longitude: number;
  approximate_location: boolean;
  contact_mode: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  flags: string[];
  distance_km: number;
  expected_hirings: number;
  score: number;
  stars: number;
};

export type CompanySearch = {
  total: number;
  page: number;
  limit: number;
  place: Place | null;
  companies: Company[];
};

export type MyOrganisation = { id: string; name: string; role: string; seeker_id: string | null };
export type Me = {
  user: { id: string; email: string; name: string };
  is_platform_admin: boolean;
  organisations: MyOrganisation[];
  csrf_token: string;
};

export type InvitationPreview = {
  organisation: string;
  email: string;
  role: string;
  expires_at: string;
  account_exists: boolean;
  terms_version: string | null;
  consent_version: string | null;
};

// A seeker's journey (docs/journey.md).

export type CompanyInfo = Omit<Company, "distance_km" | "expected_hirings" | "score" | "stars">;

export type CardJob = {
  rome: string;
  label: string;
  expected_hirings: number;
  stars: number;
  band: "high" | "medium" | "low";
  contact_mode: string | null;
};

export type Offer = { id: string; title: string; contract_type: string; url: string | null; ends_on: string };

export type Card = CompanyInfo & {
  distance_km: number;
  jobs: CardJob[];
  offers: Offer[];
  is_new: boolean;
  recently_contacted_by: number | null;
};

export type Shortlist = {
  sort: string;
  refreshed_at: string | null;
  place_name: string;
  reach_km: number;
  cards: Card[];
};

export type Contact = {
  id: string;
  method: string;
  date: string;
  note: string | null;
  outcome: string;
  logged_at: string;
};

/** One move of a kept company's status; `contact` is the id of the
 * contact that made it, if one did. */
export type StatusChange = {
  from: string | null;
  to: string;
  at: string;
  contact: string | null;
  /** `coach_answer`: the seeker's answer to a coach's email; `coach`: the
   * coach marked the company unanswered; null: made in the interface. */
  via: "coach_answer" | "coach" | null;
};

export type Application = {
  siret: string;
  company: CompanyInfo | null;
  status: string;
  next_statuses: string[];
  kept_at: string | null;
  status_changed_at: string | null;
  /** Oldest first. */
  history: StatusChange[];
  /** Newest first. */
  contacts: Contact[];
};

/** The journey routes of one seeker. */
export function journeyPath(seeker: MyOrganisation, rest: string): string {
  return `/api/v1/orgs/${seeker.id}/seekers/${seeker.seeker_id}${rest}`;
}

/** The organisation where the person is a seeker, if any. */
export function seekerRole(me: Me | null | undefined): MyOrganisation | null {
  return me?.organisations.find((organisation) => organisation.role === "seeker" && organisation.seeker_id) ?? null;
}

// The caseload (docs/caseload.md).

export type CaseloadSeeker = {
  id: string;
  user: { id: string; email: string; name: string };
  referent: { id: string; email: string; name: string } | null;
  joined_at: string;
  active: boolean;
  target_jobs: { rome: string; label: string }[];
  kept: number;
  contacted: number;
  answered: number;
  interviews: number;
  hired: number;
  last_activity_at: string;
  stalled: boolean;
};

export type Caseload = {
  total: number;
  page: number;
  limit: number;
  stalled_after_days: number;
  seekers: CaseloadSeeker[];
};

export const STAFF_ROLES = ["counsellor", "org_admin"];

/** The coach's emails to the signed-in person (docs/coach.md). */
export type EmailSettings = {
  paused_since: string | null;
  snoozed_until: string | null;
  unsubscribed_since: string | null;
  digest_frequency: "daily" | "weekly" | "off";
};

export type Note = {
  id: string;
  body: string;
  visibility: "shared" | "private";
  author: { id: string; name: string; email: string } | null;
  created_at: string;
};

export type SeekerDetail = {
  seeker: { id: string; user: { id: string; name: string; email: string }; referent: { id: string; name: string; email: string } | null; joined_at: string };
  profile: { target_jobs: { rome: string; label: string }[]; place: { name: string }; reach_km: number } | null;
  applications: Application[];
  notes: Note[];
};

// Organisations and their people (docs/access.md).

export type Person = { id: string; email: string; name: string };

export type OrganisationSettings = {
  sender_name: string | null;
  reminder_delay_days: number;
  follow_up_delay_days: number;
  reminder_max_rounds: number;
  stalled_after_days: number;
  retention_months: number;
  coach_reminders: boolean | null;
  coach_nudges: boolean | null;
  coach_digests: boolean | null;
};

export type Organisation = {
  id: string;
  name: string;
  kind: string;
  siret: string | null;
  departments: string[];
  settings: OrganisationSettings;
  archived: boolean;
};

export const ORGANISATION_KINDS = ["mission_locale", "france_travail", "conseil_departemental", "association", "csp", "other"];

export type Member = { user: Person; role: string; active: boolean; since: string };

export type Invitation = {
  id: string;
  email: string;
  role: string;
  state: "pending" | "accepted" | "revoked" | "expired";
  expires_at: string;
  send_count: number;
  invited_by: Person | null;
};

// The figures (docs/caseload.md).

export const STAGES = ["seekers", "with_shortlist", "contacted", "answered", "interview", "hired"] as const;
export type Stage = (typeof STAGES)[number];
export type Stages = Record<Stage, number>;

export type Figures = {
  from: string;
  to: string;
  months: (Stages & { month: string })[];
  counsellors: (Stages & { referent: Person | null })[];
};

export type AuditEvent = {
  id: number;
  at: string;
  action: string;
  actor: Person | null;
  organisation: string | null;
  subject_type: string | null;
  subject: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
};

/** A seeker's profile (docs/profile.md). */
export type Profile = {
  target_jobs: { rome: string; label: string; ogr_code: string | null }[];
  place: { commune: string; postcode: string | null; name: string; latitude: number; longitude: number };
  max_distance_km: number;
  reach_km: number;
  mobility: string;
  headcount_min: string | null;
  headcount_max: string | null;
  avoided_sectors: string[];
  skills: string[];
  aspirations: string | null;
  available_from: string | null;
  updated_at: string;
};

/** An email of the outbox, without its body (docs/coach.md). */
export type OutboxMessage = {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  state: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  sent_at: string | null;
  created_at: string;
};

/** A run of a national data import (docs/data.md). */
export type ImportRun = {
  id: number;
  kind: string;
  source: string;
  status: "running" | "succeeded" | "failed";
  started_at: string;
  finished_at: string | null;
  rows_read: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
  rows_removed: number;
  error: string | null;
  report_url: string | null;
};

/** A job a company is boosted for: its expected hirings × `factor`. */
export type Boost = { rome: string; factor: number };

/** The platform admin's correction of a company (docs/data.md). */
export type CompanyCorrection = {
  hidden: boolean;
  hidden_reason: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  boosts: Boost[];
  updated_at: string;
};

/** A company as imported, and its correction if any. */
export type CompanyCorrectionView = {
  siret: string;
  imported: CompanyInfo | null;
  correction: CompanyCorrection | null;
};
