import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type ImportRun } from "../lib/api";
import { showError } from "../lib/errors";
import { FormAlert } from "../components/FormAlert";
import { PlatformArea } from "../components/PlatformArea";
import { DataTable } from "../components/DataTable";

const BADGES: Record<string, string> = { failed: "fr-badge--error", running: "fr-badge--info", succeeded: "fr-badge--success" };

/** /administration/imports: the latest imports of national data with their
 * counts, each report of rejected rows to download (platform admin). */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const [runs, setRuns] = useState<ImportRun[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium", timeStyle: "short" }),
    [i18n.resolvedLanguage],
  );
  const numberFormat = useMemo(() => new Intl.NumberFormat(i18n.resolvedLanguage), [i18n.resolvedLanguage]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<ImportRun[]>("/api/v1/imports", {}, controller.signal)
      .then(setRuns)
      .catch((err) => {
        if (!(err instanceof DOMException && err.name === "AbortError")) setError(showError(err, t).message);
      });
    return () => controller.abort();
  }, [t]);

  const count = (value: number) => numberFormat.format(value);

  return (
    <PlatformArea title={t("platform.imports.title")}>
      <p>{t("imports.intro")}</p>
      {error && <FormAlert severity="error" message={error} />}
      {!runs && !error && <p role="status">{t("app.loading")}</p>}
      {runs && runs.length === 0 && <p>{t("imports.none")}</p>}
      {runs && runs.length > 0 && (
        <DataTable caption={t("imports.caption", { count: runs.length })} testId="imports">
          <thead>
            <tr>
              <th scope="col">{t("imports.columns.started")}</th>
              <th scope="col">{t("imports.columns.kind")}</th>
              <th scope="col">{t("imports.columns.state")}</th>
              <th scope="col">{t("imports.columns.read")}</th>
              <th scope="col">{t("imports.columns.inserted")}</th>
              <th scope="col">{t("imports.columns.updated")}</th>
              <th scope="col">{t("imports.columns.unchanged")}</th>
              <th scope="col">{t("imports.columns.rejected")}</th>
              <th scope="col">{t("imports.columns.report")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-run={run.id}>
                <td>
                  {dateFormat.format(new Date(run.started_at))}
                  {run.finished_at && <p className="fr-text--xs fr-mb-0">{t("imports.finishedAt", { date: dateFormat.format(new Date(run.finished_at)) })}</p>}
                </td>
                <th scope="row" className="relais-cell-wrap">
                  {t(`imports.kinds.${run.kind}`, { defaultValue: run.kind })}
                  <p className="fr-text--xs fr-mb-0">{run.source}</p>
                </th>
                <td className="relais-cell-wrap">
                  <span className={`fr-badge fr-badge--sm ${BADGES[run.status] ?? ""}`}>{t(`imports.states.${run.status}`, { defaultValue: run.status })}</span>
                  {run.error && <p className="fr-text--xs fr-mb-0">{run.error}</p>}
                </td>
                <td>{count(run.rows_read)}</td>
                <td>{count(run.rows_inserted)}</td>
                <td>{count(run.rows_updated)}</td>
                <td>{count(run.rows_unchanged)}</td>
                <td>{count(run.rows_rejected)}</td>
                <td>
                  {run.report_url ? (
                    <a className="fr-link fr-link--download" href={run.report_url} download>
                      {t("imports.download")}{" "}
                      <span className="fr-sr-only">{t("imports.downloadOf", { id: run.id })}</span>
                    </a>
                  ) : (
                    t("imports.noReport")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </PlatformArea>
  );
}
