import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { api, type AuditEvent, type Organisation } from "../lib/api";
import { showError } from "../lib/errors";
import { FormAlert } from "./FormAlert";
import { DataTable } from "./DataTable";

const PAGE_SIZE = 50;

/** Whom an entry concerns: the person its subject names, else the address
 * in its details. */
function subjectOf(event: AuditEvent, people: Record<string, string>): string {
  const named = event.subject ? people[event.subject] : undefined;
  const email = event.details && typeof event.details.email === "string" ? event.details.email : undefined;
  return named ?? email ?? "—";
}

/** The details of an entry as `key : value` pairs, in words where the
 * texts know the key (and the role a value names). */
export function detailsText(details: AuditEvent["details"], t: TFunction, people: Record<string, string> = {}): string {
  if (!details || typeof details !== "object") return "";
  const word = (value: unknown) =>
    typeof value === "object"
      ? JSON.stringify(value)
      : (people[String(value)] ?? t(`members.roles.${String(value)}`, { defaultValue: String(value) }));
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${t(`audit.details.${key}`, { defaultValue: key })} : ${word(value)}`)
    .join(" ; ");
}

/**
 * An audit log, newest first, 50 entries at a time: each "older entries"
 * asks the API for the entries before the last one shown. The API filters
 * nothing, so the filter on the action applies to the entries loaded.
 */
export function AuditLog({
  path,
  showOrganisation = false,
  people = {},
}: {
  path: string;
  showOrganisation?: boolean;
  /** Names of the people the entries name by id (members, seekers). */
  people?: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState("");
  const [names, setNames] = useState<Record<string, string>>({});
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium", timeStyle: "short" }),
    [i18n.resolvedLanguage],
  );

  async function load(before?: number) {
    setLoading(true);
    setError(null);
    try {
      const page = await api.get<{ events: AuditEvent[] }>(path, { before, limit: PAGE_SIZE });
      setEvents((current) => (before ? [...current, ...page.events] : page.events));
      setMore(page.events.length === PAGE_SIZE);
    } catch (err) {
      setError(showError(err, t).message);
    } finally {
      setLoading(false);
    }
  }

  // The platform's log names organisations by id: show their names.
  useEffect(() => {
    if (!showOrganisation) return;
    api
      .get<{ organisations: Organisation[] }>("/api/v1/orgs")
      .then((found) => setNames(Object.fromEntries(found.organisations.map((o) => [o.id, o.name]))))
      .catch(() => setNames({}));
  }, [showOrganisation]);

  // The first page again whenever the log shown changes.
  useEffect(() => {
    void load();
  }, [path]);

  const actions = [...new Set(events.map((event) => event.action))].sort();
  const shown = action ? events.filter((event) => event.action === action) : events;
  const label = (name: string) => t(`audit.actions.${name}`, { defaultValue: name });

  return (
    <>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label={t("audit.action")}
            hint={t("audit.actionHint")}
            nativeSelectProps={{ id: "audit-action", value: action, onChange: (event) => setAction(event.target.value) }}
          >
            <option value="">{t("audit.allActions")}</option>
            {actions.map((name) => (
              <option key={name} value={name}>
                {label(name)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {error && <FormAlert severity="error" message={error} />}
      {loading && events.length === 0 && <p role="status">{t("app.loading")}</p>}
      {!loading && events.length === 0 && !error && <p>{t("audit.none")}</p>}
      {events.length > 0 && (
        <DataTable caption={t("audit.caption", { count: shown.length, loaded: events.length })} testId="audit">
          <thead>
            <tr>
              <th scope="col">{t("audit.columns.at")}</th>
              <th scope="col">{t("audit.columns.action")}</th>
              <th scope="col">{t("audit.columns.actor")}</th>
              {showOrganisation && <th scope="col">{t("audit.columns.organisation")}</th>}
              <th scope="col">{t("audit.columns.subject")}</th>
              <th scope="col">{t("audit.columns.details")}</th>
              <th scope="col">{t("audit.columns.ip")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((event) => (
              <tr key={event.id} data-action={event.action}>
                <td>{dateFormat.format(new Date(event.at))}</td>
                <th scope="row">{label(event.action)}</th>
                <td>{event.actor ? `${event.actor.name} (${event.actor.email})` : "—"}</td>
                {showOrganisation && <td>{event.organisation ? (names[event.organisation] ?? event.organisation) : "—"}</td>}
                <td>{subjectOf(event, people)}</td>
                <td className="fr-text--sm relais-cell-wrap">{detailsText(event.details, t, people)}</td>
                <td>{event.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {more && (
        <Button priority="secondary" disabled={loading} onClick={() => void load(events.at(-1)?.id)}>
          {t("audit.older")}
        </Button>
      )}
    </>
  );
}
