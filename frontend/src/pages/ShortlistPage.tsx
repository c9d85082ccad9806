import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { api, ApiError, journeyPath, type Card, type MyOrganisation, type Shortlist } from "../lib/api";
import { showError } from "../lib/errors";
import { SeekerOnly } from "../lib/useSeeker";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "../components/FormAlert";
import { HiringBadge, Stars } from "../components/Stars";
import { contactModeKey } from "../components/CompanyCard";
import { ResultsMap } from "../components/ResultsMap";

const SORTS = ["spread", "expected_hirings", "distance"] as const;

export function ShortlistPage() {
  const { t } = useTranslation();
  usePageTitle(t("shortlist.title"));
  return <SeekerOnly>{(seeker) => <SeekerShortlist seeker={seeker} />}</SeekerOnly>;
}

type State =
  | { state: "loading" }
  | { state: "missing_profile" }
  | { state: "failed"; message: string }
  | { state: "done"; shortlist: Shortlist };

function SeekerShortlist({ seeker }: { seeker: MyOrganisation }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<(typeof SORTS)[number]>("spread");
  const [state, setState] = useState<State>({ state: "loading" });
  const location = useLocation();
  const profileSaved = (location.state as { profileSaved?: boolean } | null)?.profileSaved ?? false;
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(
    profileSaved ? { severity: "success", message: t("profile.savedMine") } : null,
  );

  useEffect(() => {
    // A slower answer for an earlier order must not replace this one.
    const controller = new AbortController();
    api
      .get<Shortlist>(journeyPath(seeker, "/shortlist"), { sort }, controller.signal)
      .then((shortlist) => setState({ state: "done", shortlist }))
      .catch((err) => {
        if (err instanceof DOMException && err.name === "AbortError") return;
        if (err instanceof ApiError && err.code === "profile_missing") {
          setState({ state: "missing_profile" });
        } else {
          setState({ state: "failed", message: showError(err, t).message });
        }
      });
    return () => controller.abort();
  }, [seeker, sort, t]);

  async function decide(card: Card, decision: "keep" | "dismiss") {
    const name = card.trade_name || card.name;
    try {
      await api.post(journeyPath(seeker, `/shortlist/${card.siret}/${decision}`));
      setState((current) =>
        current.state === "done"
          ? { ...current, shortlist: { ...current.shortlist, cards: current.shortlist.cards.filter((c) => c.siret !== card.siret) } }
          : current,
      );
      setNotice({ severity: "success", message: t(`shortlist.${decision === "keep" ? "kept" : "dismissed"}`, { name }) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  return (
    <>
      <h1>{t("shortlist.heading")}</h1>
      <p>
        <Link to="/espace/suivi" className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
          {t("shortlist.toApplications")}
        </Link>
      </p>
      {state.state === "done" && (
        <p>
          <Link to="/espace/profil" className="fr-link fr-icon-edit-line fr-link--icon-left">
            {t("profile.editMine")}
          </Link>
        </p>
      )}
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      {state.state === "loading" && <p role="status">{t("app.loading")}</p>}
      {state.state === "missing_profile" && (
        <>
          <FormAlert severity="info" message={t("shortlist.noProfile")} />
          <p>
            <Link to="/espace/profil" className="fr-link fr-icon-edit-line fr-link--icon-left">
              {t("profile.fillMine")}
            </Link>
          </p>
        </>
      )}
      {state.state === "failed" && <FormAlert severity="error" message={state.message} />}
      {state.state === "done" && (
        <>
          <p className="fr-text--lead">
            {t("shortlist.intro", {
              count: state.shortlist.cards.length,
              place: state.shortlist.place_name,
              reach: state.shortlist.reach_km,
            })}
          </p>
          <Select
            label={t("shortlist.sort")}
            nativeSelectProps={{
              id: "shortlist-sort",
              value: sort,
              onChange: (event) => setSort(event.target.value as (typeof SORTS)[number]),
            }}
          >
            {SORTS.map((value) => (
              <option key={value} value={value}>
                {t(`shortlist.sorts.${value}`)}
              </option>
            ))}
          </Select>
          <div className="fr-grid-row fr-grid-row--gutters fr-mt-1w">
            <div className="fr-col-12 fr-col-lg-7">
              <ul className="relais-results" aria-label={t("shortlist.listLabel")}>
                {state.shortlist.cards.map((card) => (
                  <li key={card.siret} className="fr-mb-3w">
                    <ShortlistCard card={card} onDecide={(decision) => decide(card, decision)} />
                  </li>
                ))}
              </ul>
            </div>
            {state.shortlist.cards.length > 0 && (
              <div className="fr-col-12 fr-col-lg-5">
                {/* The shortlist does not say where the seeker's place is:
                    the map shows the companies only. */}
                <ResultsMap companies={state.shortlist.cards} centre={null} label={t("shortlist.mapLabel")} />
              </div>
            )}
          </div>
        </>
      )}
    </>
  );
}

function ShortlistCard({ card, onDecide }: { card: Card; onDecide: (decision: "keep" | "dismiss") => void }) {
  const { t, i18n } = useTranslation();
  const name = card.trade_name || card.name;
  const distance = new Intl.NumberFormat(i18n.resolvedLanguage, { maximumFractionDigits: 1 }).format(card.distance_km);
  const headingId = `card-${card.siret}`;
  return (
    <article className="fr-card fr-card--sm relais-company" data-siret={card.siret} aria-labelledby={headingId}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h2 className="fr-card__title fr-h5" id={headingId}>
            {name}
          </h2>
          {card.is_new && (
            <div className="fr-card__start">
              <p className="fr-badge fr-badge--sm fr-badge--new">{t("shortlist.new")}</p>
            </div>
          )}
          <div className="fr-card__desc">
            <p className="fr-mb-1v">{card.naf_label ?? card.naf}</p>
            <p className="fr-mb-1v">
              {card.address} — {t("results.distance", { distance })}
            </p>
            <h3 className="fr-text--md fr-mb-1v fr-mt-2w">{t("shortlist.why")}</h3>
            <ul>
              {card.jobs.map((job) => {
                const mode = contactModeKey(job.contact_mode);
                return (
                  <li key={job.rome}>
                    <strong>{job.label}</strong> <Stars stars={job.stars} /> <HiringBadge stars={job.stars} />
                    {job.contact_mode && (
                      <>
                        {" "}
                        — {t("results.howToApply")} {mode ? t(mode) : job.contact_mode}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
            {card.offers.length > 0 && <p className="fr-mb-1v">{t("shortlist.offers", { count: card.offers.length })}</p>}
            {card.recently_contacted_by !== null && (
              <p className="fr-mb-1v">{t("shortlist.crowded", { count: card.recently_contacted_by })}</p>
            )}
          </div>
        </div>
        <div className="fr-card__footer">
          <ul className="fr-btns-group fr-btns-group--inline-sm">
            <li>
              <Button onClick={() => onDecide("keep")} iconId="fr-icon-check-line" title={t("shortlist.keepTitle", { name })}>
                {t("shortlist.keep")}
              </Button>
            </li>
            <li>
              <Button priority="secondary" onClick={() => onDecide("dismiss")} title={t("shortlist.dismissTitle", { name })}>
                {t("shortlist.dismiss")}
              </Button>
            </li>
          </ul>
        </div>
      </div>
    </article>
  );
}
