import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { Autocomplete } from "../components/Autocomplete";
import { CompanyCard } from "../components/CompanyCard";
import { ResultsMap } from "../components/ResultsMap";
import { api, type CompanySearch, type Job, type Place } from "../lib/api";
import { showError, type ShownError } from "../lib/errors";
import {
  apiQuery,
  criteriaFromParams,
  DISTANCES,
  FIELD_OF_PARAMETER,
  FLAGS,
  HEADCOUNTS,
  isComplete,
  MAX_PAGE,
  paramsFromCriteria,
  SORTS,
  type Headcount,
  type SearchCriteria,
} from "../lib/search";
import { usePageTitle } from "../lib/usePageTitle";

const suggestJobs = (q: string, signal: AbortSignal) =>
  api.get<{ jobs: Job[] }>("/api/v1/jobs", { q, limit: 10 }, signal).then((body) => body.jobs);
const suggestPlaces = (q: string, signal: AbortSignal) =>
  api.get<{ places: Place[] }>("/api/v1/places", { q, limit: 10 }, signal).then((body) => body.places);

type Outcome =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "done"; result: CompanySearch }
  | { state: "failed"; error: ShownError };

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const searched = useMemo(() => criteriaFromParams(params), [params]);
  const [form, setForm] = useState<SearchCriteria>(searched);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  usePageTitle(
    searched.jobLabel && searched.placeLabel
      ? t("search.titleWith", { job: searched.jobLabel, place: searched.placeLabel })
      : t("search.title"),
  );

  // The address is the search: going back or following a page link
  // searches again.
  useEffect(() => {
    setForm(searched);
    if (!isComplete(searched)) {
      setOutcome({ state: "idle" });
      return;
    }
    const controller = new AbortController();
    setOutcome({ state: "loading" });
    api
      .get<CompanySearch>("/api/v1/companies", apiQuery(searched), controller.signal)
      .then((result) => setOutcome({ state: "done", result }))
      .catch((err) => {
        if (err instanceof DOMException && err.name === "AbortError") return;
        const shown = showError(err, t, FIELD_OF_PARAMETER);
        if (shown.field) {
          setErrors({ [shown.field]: shown.message });
        }
        setOutcome({ state: "failed", error: shown });
      });
    return () => controller.abort();
    // `t` only words the errors; the criteria drive the search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searched]);

  function update(change: Partial<SearchCriteria>) {
    setForm((current) => ({ ...current, ...change }));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    let criteria = { ...form, page: 1 };
    if (!criteria.rome) {
      found.job = t(criteria.jobLabel.trim() ? "search.errors.pickJob" : "search.errors.jobRequired");
    }
    if (!criteria.commune && !criteria.postcode) {
      const typed = criteria.placeLabel.trim();
      if (/^\d{5}$/.test(typed)) {
        criteria = { ...criteria, postcode: typed };
      } else {
        found.place = t(typed ? "search.errors.pickPlace" : "search.errors.placeRequired");
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(found.job ? "search-job" : "search-place")?.focus();
      return;
    }
    setParams(paramsFromCriteria(criteria));
  }

  useEffect(() => {
    if (outcome.state === "done" && searched.page > 1) {
      resultsHeading.current?.focus();
    }
  }, [outcome, searched.page]);

  const result = outcome.state === "done" ? outcome.result : null;
  const pageCount = result ? Math.min(MAX_PAGE, Math.ceil(result.total / result.limit)) : 0;
  const centre =
    result?.place?.latitude != null && result.place.longitude != null
      ? { latitude: result.place.latitude, longitude: result.place.longitude }
      : null;

  return (
    <>
      <h1>{t("search.heading")}</h1>
      <p className="fr-text--lead">{t("search.intro")}</p>

      <form onSubmit={onSubmit} noValidate aria-label={t("search.formLabel")} className="relais-search">
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-5">
            <Autocomplete<Job>
              id="search-job"
              label={t("search.job")}
              hint={t("search.jobHint")}
              text={form.jobLabel}
              onTextChange={(text) => {
                update({ jobLabel: text, rome: "" });
                setErrors(({ job: _, ...rest }) => rest);
              }}
              suggest={suggestJobs}
              itemLabel={(job) => job.label}
              itemKey={(job) => `${job.rome}-${job.ogr_code ?? ""}-${job.label}`}
              itemDetail={(job) => `${job.rome_label} (${job.rome})`}
              onSelect={(job) => update({ rome: job.rome, jobLabel: job.label })}
              error={errors.job}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Autocomplete<Place>
              id="search-place"
              label={t("search.place")}
              hint={t("search.placeHint")}
              text={form.placeLabel}
              onTextChange={(text) => {
                update({ placeLabel: text, commune: "", postcode: "" });
                setErrors(({ place: _, ...rest }) => rest);
              }}
              suggest={suggestPlaces}
              itemLabel={(place) => place.label}
              itemKey={(place) => `${place.commune}-${place.postcode ?? ""}`}
              onSelect={(place) => update({ commune: place.commune, postcode: "", placeLabel: place.label })}
              error={errors.place}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            <Select
              label={t("search.distance")}
              state={errors.distance ? "error" : "default"}
              stateRelatedMessage={errors.distance}
              nativeSelectProps={{
                id: "search-distance",
                value: String(form.distanceKm),
                onChange: (event) => update({ distanceKm: Number(event.target.value) }),
              }}
            >
              {DISTANCES.map((km) => (
                <option key={km} value={km}>
                  {t("search.km", { count: km })}
                </option>
              ))}
            </Select>
          </div>
        </div>

        <details className="relais-filters fr-mb-3w">
          <summary className="fr-link">{t("search.filters")}</summary>
          <div className="fr-grid-row fr-grid-row--gutters fr-mt-1w">
            <div className="fr-col-12 fr-col-md-4">
              <Select
                label={t("search.headcount")}
                state={errors.headcount ? "error" : "default"}
                stateRelatedMessage={errors.headcount}
                nativeSelectProps={{
                  id: "search-headcount",
                  value: form.headcount,
                  onChange: (event) => update({ headcount: event.target.value as Headcount | "" }),
                }}
              >
                <option value="">{t("search.headcounts.any")}</option>
                {(Object.keys(HEADCOUNTS) as Headcount[]).map((key) => (
                  <option key={key} value={key}>
                    {t(`search.headcounts.${key}`)}
                  </option>
                ))}
              </Select>
              <Select
                label={t("search.sort")}
                nativeSelectProps={{
                  id: "search-sort",
                  value: form.sort,
                  onChange: (event) => update({ sort: event.target.value as SearchCriteria["sort"] }),
                }}
              >
                {SORTS.map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`search.sorts.${sort}`)}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-md-8">
              <Checkbox
                legend={t("search.flags")}
                hintText={t("search.flagsHint")}
                state={errors.flags ? "error" : "default"}
                stateRelatedMessage={errors.flags}
                options={FLAGS.map((flag) => ({
                  label: t(`flags.${flag}`),
                  nativeInputProps: {
                    name: "flags",
                    value: flag,
                    checked: form.flags.includes(flag),
                    onChange: (event) =>
                      update({
                        flags: event.target.checked
                          ? [...form.flags, flag]
                          : form.flags.filter((other) => other !== flag),
                      }),
                  },
                }))}
              />
            </div>
          </div>
        </details>

        <Button type="submit" iconId="fr-icon-search-line" iconPosition="left">
          {t("search.submit")}
        </Button>
      </form>

      <section aria-labelledby="results-heading" className="fr-mt-5w">
        {outcome.state === "failed" && !outcome.error.field && (
          <Alert severity="error" small description={outcome.error.message} />
        )}
        {outcome.state === "loading" && <p role="status">{t("search.loading")}</p>}
        <h2 id="results-heading" ref={resultsHeading} tabIndex={-1} aria-live="polite" className={result ? undefined : "fr-sr-only"}>
          {result
            ? t("results.count", { count: result.total, place: result.place?.label ?? searched.placeLabel })
            : t("results.heading")}
        </h2>
        {result && result.total === 0 && <p>{t("results.none")}</p>}
        {result && result.companies.length > 0 && (
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-lg-7">
              <ol className="relais-results" aria-label={t("results.listLabel")}>
                {result.companies.map((company) => (
                  <li key={company.siret} className="fr-mb-2w">
                    <CompanyCard company={company} />
                  </li>
                ))}
              </ol>
            </div>
            <div className="fr-col-12 fr-col-lg-5">
              <ResultsMap companies={result.companies} centre={centre} />
            </div>
          </div>
        )}
        {result && pageCount > 1 && (
          <Pagination
            className="fr-mt-3w"
            count={pageCount}
            defaultPage={searched.page}
            showFirstLast
            getPageLinkProps={(page) => ({
              to: { search: paramsFromCriteria({ ...searched, page }).toString() },
            })}
          />
        )}
      </section>
    </>
  );
}
