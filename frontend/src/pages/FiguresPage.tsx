import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api, STAGES, type Figures, type Organisation, type Stages } from "../lib/api";
import { useFormErrors } from "../lib/useForm";
import { FormAlert } from "../components/FormAlert";
import { OrgArea } from "../components/OrgArea";
import { FormInput } from "../components/FormFields";
import { FunnelChart } from "../components/FunnelChart";
import { DataTable } from "../components/DataTable";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** /structures/:org/chiffres: the funnel of the organisation's seekers,
 * month by month and by counsellor. */
export function FiguresPage() {
  const { t } = useTranslation();
  return <OrgArea title={t("figures.title")}>{(organisation) => <FiguresView organisation={organisation} />}</OrgArea>;
}

function FiguresView({ organisation }: { organisation: Organisation }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get("du") ?? "";
  const to = params.get("au") ?? "";
  const [fromField, setFromField] = useState(from);
  const [toField, setToField] = useState(to);
  const [figures, setFigures] = useState<Figures | null>(null);
  const form = useFormErrors({ from: "figures-from", to: "figures-to" });
  const monthFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.resolvedLanguage, { month: "long", year: "numeric", timeZone: "UTC" }),
    [i18n.resolvedLanguage],
  );
  const monthName = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<Figures>(`/api/v1/orgs/${organisation.id}/figures`, { from, to }, controller.signal)
      .then((found) => {
        setFigures(found);
        // The period the API chose when none was asked.
        setFromField((current) => current || found.from);
        setToField((current) => current || found.to);
      })
      .catch((err) => {
        if (!(err instanceof DOMException && err.name === "AbortError")) form.fail(err);
      });
    return () => controller.abort();
    // form.fail is a new function each render; the request depends on the period only.
  }, [organisation.id, from, to]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    for (const [value, id, key] of [
      [fromField, "figures-from", "from"],
      [toField, "figures-to", "to"],
    ] as const) {
      if (value && !MONTH.test(value)) {
        form.refuse(id, t("figures.errors.month", { field: t(`figures.${key}`) }));
        return;
      }
    }
    form.reset();
    const next = new URLSearchParams();
    if (fromField) next.set("du", fromField);
    if (toField) next.set("au", toField);
    setParams(next);
  }

  const last = figures?.months.at(-1);
  return (
    <>
      <form onSubmit={onSubmit} noValidate className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom" aria-label={t("figures.period")}>
        {(["from", "to"] as const).map((key) => {
          const id = `figures-${key}`;
          return (
            <div key={key} className="fr-col-12 fr-col-md-4">
              <FormInput
                form={form}
                id={id}
                label={t(`figures.${key}`)}
                hint={t("figures.monthHint")}
                type="month"
                placeholder="2026-01"
                value={key === "from" ? fromField : toField}
                onChange={key === "from" ? setFromField : setToField}
              />
            </div>
          );
        })}
        <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
          <Button type="submit" priority="secondary">
            {t("figures.show")}
          </Button>
        </div>
      </form>
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {!figures && !form.formError && <p role="status">{t("app.loading")}</p>}
      {figures && last && (
        <>
          <p className="fr-mt-2w">{t("figures.intro", { from: monthName(figures.from), to: monthName(figures.to) })}</p>
          <FunnelChart id="funnel" caption={t("figures.funnelOf", { month: monthName(last.month) })} stages={last} />

          <h2 className="fr-h4 fr-mt-6w">{t("figures.byMonth")}</h2>
          <StagesTable
            testId="figures-months"
            caption={t("figures.byMonthCaption")}
            first={t("figures.month")}
            rows={figures.months.map((month) => ({ key: month.month, label: monthName(month.month), stages: month }))}
          />

          <h2 className="fr-h4 fr-mt-6w">{t("figures.byCounsellor")}</h2>
          {figures.counsellors.length === 0 ? (
            <p>{t("figures.noCounsellor")}</p>
          ) : (
            <StagesTable
              testId="figures-counsellors"
              caption={t("figures.byCounsellorCaption")}
              first={t("figures.referent")}
              rows={figures.counsellors.map((line) => ({
                key: line.referent?.id ?? "none",
                label: line.referent?.name ?? t("figures.noReferent"),
                stages: line,
              }))}
            />
          )}
        </>
      )}
    </>
  );
}

function StagesTable({
  caption,
  first,
  rows,
  testId,
}: {
  caption: string;
  first: string;
  rows: { key: string; label: string; stages: Stages }[];
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <DataTable caption={caption} testId={testId}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {STAGES.map((stage) => (
            <th key={stage} scope="col">
              {t(`figures.stages.${stage}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            {STAGES.map((stage) => (
              <td key={stage}>{row.stages[stage]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
