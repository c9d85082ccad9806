import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { api, ApiError, type Boost, type CompanyCorrectionView } from "../lib/api";
import { showError } from "../lib/errors";
import { focusField, useFormErrors } from "../lib/useForm";
import { FormAlert } from "../components/FormAlert";
import { PlatformArea } from "../components/PlatformArea";
import { FormInput, FormTextArea } from "../components/FormFields";

type Draft = {
  hidden: boolean;
  hidden_reason: string;
  name: string;
  phone: string;
  email: string;
  website: string;
  boosts: { rome: string; factor: string }[];
};

const EMPTY: Draft = { hidden: false, hidden_reason: "", name: "", phone: "", email: "", website: "", boosts: [] };

function draftOf(view: CompanyCorrectionView): Draft {
  const correction = view.correction;
  if (!correction) return EMPTY;
  return {
    hidden: correction.hidden,
    hidden_reason: correction.hidden_reason ?? "",
    name: correction.name ?? "",
    phone: correction.phone ?? "",
    email: correction.email ?? "",
    website: correction.website ?? "",
    boosts: correction.boosts.map((boost) => ({ rome: boost.rome, factor: String(boost.factor) })),
  };
}

/** The form field of an API field: `boosts[1].rome` → `boost-1-rome`. */
function fieldId(field: string): string | null {
  const boost = /^boosts\[(\d+)\]\.(rome|factor)$/.exec(field);
  if (boost) return `boost-${boost[1]}-${boost[2]}`;
  return ["name", "phone", "email", "website", "hidden_reason"].includes(field) ? `correction-${field}` : null;
}

/** /administration/entreprises: finds a company by SIRET, shows it as
 * imported, and edits its correction: hidden, its name and contacts
 * replaced, boosts per job (platform admin). */
export function CompanyCorrectionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const siret = params.get("siret") ?? "";
  const [typed, setTyped] = useState(siret);
  const [view, setView] = useState<CompanyCorrectionView | null>(null);
  const [loading, setLoading] = useState(false);
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const lookup = useFormErrors({ siret: "correction-siret" });

  useEffect(() => {
    setView(null);
    setNotice(null);
    if (!siret) return;
    const controller = new AbortController();
    setLoading(true);
    api
      .get<CompanyCorrectionView>(`/api/v1/companies/${encodeURIComponent(siret)}/correction`, {}, controller.signal)
      .then((found) => {
        lookup.reset();
        setView(found);
      })
      .catch((err) => {
        if (err instanceof DOMException && err.name === "AbortError") return;
        if (err instanceof ApiError && err.status === 404) lookup.refuse("correction-siret", t("corrections.notFound", { siret }));
        else lookup.fail(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
    // `lookup` changes at every render; the SIRET alone decides.
  }, [siret, t]);

  function onLookup(event: FormEvent) {
    event.preventDefault();
    const value = typed.replace(/\s+/g, "");
    if (!/^\d{14}$/.test(value)) {
      lookup.refuse("correction-siret", t("errors.invalid_parameter.siret"));
      return;
    }
    setParams({ siret: value });
  }

  return (
    <PlatformArea title={t("platform.companies.title")}>
      <p>{t("corrections.intro")}</p>
      <form onSubmit={onLookup} noValidate aria-label={t("corrections.find")}>
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-6">
            <FormInput
              form={lookup}
              id="correction-siret"
              label={t("corrections.siret")}
              hint={t("corrections.siretHint")}
              inputMode="numeric"
              autoComplete="off"
              value={typed}
              onChange={setTyped}
            />
          </div>
          <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
            <Button type="submit">{t("corrections.show")}</Button>
          </div>
        </div>
        {lookup.formError && <FormAlert severity="error" message={lookup.formError} />}
      </form>
      {loading && <p role="status">{t("app.loading")}</p>}
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      {view && (
        <CorrectionEditor
          key={`${view.siret}-${view.correction?.updated_at ?? "none"}`}
          view={view}
          onSaved={(saved, message) => {
            setView(saved);
            setNotice({ severity: "success", message });
          }}
        />
      )}
    </PlatformArea>
  );
}

function ImportedCompany({ view }: { view: CompanyCorrectionView }) {
  const { t } = useTranslation();
  const company = view.imported;
  if (!company) return <p>{t("corrections.notImported")}</p>;
  const rows: [string, string | null][] = [
    [t("corrections.fields.name"), company.name],
    [t("corrections.tradeName"), company.trade_name],
    [t("corrections.activity"), company.naf_label ? `${company.naf_label} (${company.naf})` : company.naf],
    [t("corrections.address"), company.address],
    [t("corrections.fields.phone"), company.phone],
    [t("corrections.fields.email"), company.email],
    [t("corrections.fields.website"), company.website],
  ];
  return (
    <dl className="relais-imported" data-testid="imported">
      {rows.map(([label, value]) => (
        <div key={label} className="fr-mb-1w">
          <dt className="fr-text--bold fr-mb-0">{label}</dt>
          <dd className="fr-ml-0">{value || "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function CorrectionEditor({
  view,
  onSaved,
}: {
  view: CompanyCorrectionView;
  onSaved: (saved: CompanyCorrectionView, message: string) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const form = useFormErrors({});
  const name = view.imported?.trade_name || view.imported?.name || view.siret;
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  function setBoost(index: number, change: Partial<{ rome: string; factor: string }>) {
    setDraft((current) => ({
      ...current,
      boosts: current.boosts.map((boost, i) => (i === index ? { ...boost, ...change } : boost)),
    }));
  }

  /** Every field the API names gets its own message, the first the focus. */
  function fail(err: unknown) {
    if (!(err instanceof ApiError) || err.fields.length === 0) {
      form.fail(err);
      return;
    }
    const errors: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const field of err.fields) {
      const id = fieldId(field);
      const key = field.replace(/^boosts\[\d+\]\./, "boost_");
      // Several problems come as one `invalid_parameter`: an empty field
      // was missing rather than wrong.
      const value = id ? (document.getElementById(id) as HTMLInputElement | null)?.value : undefined;
      const code = err.fields.length === 1 ? err.code : value !== undefined && !value.trim() ? "missing_parameter" : "invalid_parameter";
      const message = t(`corrections.errors.${code}.${key}`, {
        defaultValue: t(`corrections.errors.invalid_parameter.${key}`, { defaultValue: showError(err, t).message }),
      });
      if (id) errors[id] = message;
      else elsewhere.push(message);
    }
    form.reset(errors);
    if (elsewhere.length > 0) form.fail(err);
    const first = err.fields.map(fieldId).find(Boolean);
    if (first) focusField(first);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    form.reset();
    const boosts: Boost[] = draft.boosts.map((boost) => ({ rome: boost.rome.trim().toUpperCase(), factor: Number(boost.factor.replace(",", ".")) }));
    try {
      const saved = await api.put<CompanyCorrectionView>(`/api/v1/companies/${view.siret}/correction`, {
        hidden: draft.hidden,
        hidden_reason: draft.hidden ? draft.hidden_reason : null,
        name: draft.name,
        phone: draft.phone,
        email: draft.email,
        website: draft.website,
        boosts,
      });
      onSaved(saved, t("corrections.saved", { name }));
    } catch (err) {
      fail(err);
    }
  }

  async function onRemove() {
    form.reset();
    try {
      await api.delete(`/api/v1/companies/${view.siret}/correction`);
      onSaved({ ...view, correction: null }, t("corrections.removed", { name }));
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <>
      <section aria-labelledby="imported-heading" className="fr-mt-4w">
        <h2 id="imported-heading" className="fr-h4">
          {t("corrections.importedTitle", { siret: view.siret })}
        </h2>
        {view.correction?.hidden && <p className="fr-badge fr-badge--warning">{t("corrections.hiddenBadge")}</p>}
        <ImportedCompany view={view} />
      </section>
      <section aria-labelledby="correction-heading" className="fr-mt-4w">
        <h2 id="correction-heading" className="fr-h4">
          {t("corrections.correctionTitle")}
        </h2>
        <p>{view.correction ? t("corrections.hasCorrection") : t("corrections.noCorrection")}</p>
        <form onSubmit={onSubmit} noValidate aria-labelledby="correction-heading">
          <Checkbox
            options={[
              {
                label: t("corrections.fields.hidden"),
                hintText: t("corrections.hiddenHint"),
                nativeInputProps: { name: "hidden", checked: draft.hidden, onChange: (event) => set("hidden")(event.target.checked) },
              },
            ]}
          />
          {draft.hidden && (
            <FormTextArea
              form={form}
              id="correction-hidden_reason"
              label={t("corrections.fields.hidden_reason")}
              maxLength={500}
              value={draft.hidden_reason}
              onChange={set("hidden_reason")}
            />
          )}
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <FormInput form={form} id="correction-name" label={t("corrections.fields.name")} hint={t("corrections.emptyKeeps")} maxLength={200} value={draft.name} onChange={set("name")} />
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <FormInput form={form} id="correction-phone" label={t("corrections.fields.phone")} hint={t("corrections.phoneHint")} type="tel" value={draft.phone} onChange={set("phone")} />
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <FormInput form={form} id="correction-email" label={t("corrections.fields.email")} hint={t("corrections.emailHint")} type="email" value={draft.email} onChange={set("email")} />
            </div>
            <div className="fr-col-12 fr-col-md-6">
              <FormInput form={form} id="correction-website" label={t("corrections.fields.website")} hint={t("corrections.websiteHint")} type="url" value={draft.website} onChange={set("website")} />
            </div>
          </div>
          <fieldset className="fr-fieldset fr-mt-2w" aria-describedby="boosts-hint">
            <legend className="fr-fieldset__legend">{t("corrections.boosts")}</legend>
            <p id="boosts-hint" className="fr-hint-text fr-fieldset__element">
              {t("corrections.boostsHint")}
            </p>
            {draft.boosts.map((boost, index) => (
              <div key={index} className="fr-fieldset__element fr-grid-row fr-grid-row--gutters fr-grid-row--bottom" data-boost={index}>
                <div className="fr-col-12 fr-col-md-4">
                  <FormInput
                    form={form}
                    id={`boost-${index}-rome`}
                    label={t("corrections.boostRome", { n: index + 1 })}
                    hint={t("corrections.romeHint")}
                    value={boost.rome}
                    onChange={(rome) => setBoost(index, { rome })}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-4">
                  <FormInput
                    form={form}
                    id={`boost-${index}-factor`}
                    label={t("corrections.boostFactor", { n: index + 1 })}
                    hint={t("corrections.factorHint")}
                    inputMode="decimal"
                    value={boost.factor}
                    onChange={(factor) => setBoost(index, { factor })}
                  />
                </div>
                <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
                  <Button
                    type="button"
                    priority="tertiary"
                    size="small"
                    onClick={() => setDraft((current) => ({ ...current, boosts: current.boosts.filter((_, i) => i !== index) }))}
                  >
                    {t("corrections.removeBoost", { n: index + 1 })}
                  </Button>
                </div>
              </div>
            ))}
            <div className="fr-fieldset__element">
              <Button
                type="button"
                priority="secondary"
                size="small"
                onClick={() => setDraft((current) => ({ ...current, boosts: [...current.boosts, { rome: "", factor: "2" }] }))}
              >
                {t("corrections.addBoost")}
              </Button>
            </div>
          </fieldset>
          {form.formError && <FormAlert severity="error" message={form.formError} />}
          <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
            <li>
              <Button type="submit">{t("corrections.save")}</Button>
            </li>
            {view.correction && (
              <li>
                <Button type="button" priority="secondary" onClick={() => void onRemove()}>
                  {t("corrections.remove")}
                </Button>
              </li>
            )}
          </ul>
        </form>
      </section>
    </>
  );
}
