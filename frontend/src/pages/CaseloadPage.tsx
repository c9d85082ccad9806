import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useParams, useSearchParams } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { api, STAFF_ROLES, type Caseload } from "../lib/api";
import { useAuth } from "../lib/auth";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "../components/FormAlert";
import { ScopeSelect, StalledSelect } from "../components/CaseloadFilters";
import { OrgMenu, orgAccess } from "../components/OrgArea";
import { StaffSelect } from "../components/StaffSelect";

const SORTABLE = ["name", "kept", "contacted", "hired", "last_activity"] as const;
type Sortable = (typeof SORTABLE)[number];
const PAGE_SIZE = 25;

/** /structures/:org/accompagnement: the seekers a counsellor or an org
 * admin follows, as the caseload API gives them. */
export function CaseloadPage() {
  const { t } = useTranslation();
  usePageTitle(t("caseload.title"));
  const { org = "" } = useParams();
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  const membership = me.organisations.find((o) => o.id === org && STAFF_ROLES.includes(o.role));
  if (!membership && !me.is_platform_admin) return <Navigate to="/espace" replace />;
  return <CaseloadTable org={org} organisationName={membership?.name ?? ""} admin={orgAccess(me, org) === "admin"} />;
}

function CaseloadTable({ org, organisationName, admin }: { org: string; organisationName: string; admin: boolean }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const scope = params.get("portee") ?? "";
  const stalled = params.get("bloque") ?? "";
  const q = params.get("q") ?? "";
  const sort = params.get("tri") ?? "last_activity";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [search, setSearch] = useState(q);
  const [result, setResult] = useState<Caseload | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    // A slower answer to an earlier filter must not replace this one.
    const controller = new AbortController();
    api
      .get<Caseload>(`/api/v1/orgs/${org}/seekers`, { scope, stalled, q, sort, page, limit: PAGE_SIZE }, controller.signal)
      .then(setResult)
      .catch((err) => {
        if (!(err instanceof DOMException && err.name === "AbortError")) setError(showError(err, t).message);
      });
    return () => controller.abort();
  }, [org, scope, stalled, q, sort, page, t]);

  function update(change: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete("page");
    setParams(next);
  }

  function onSearch(event: FormEvent) {
    event.preventDefault();
    update({ q: search.trim() });
  }

  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium" }), [i18n.resolvedLanguage]);
  const sortKey = sort.replace(/^-/, "") as Sortable;
  const descending = sort.startsWith("-");

  function header(column: Sortable) {
    const active = sortKey === column;
    const next = active && !descending ? `-${column}` : column;
    return (
      <th scope="col" aria-sort={active ? (descending ? "descending" : "ascending") : undefined}>
        <button
          type="button"
          className="relais-sort"
          onClick={() => update({ tri: next === "last_activity" ? "" : next })}
          title={t("caseload.sortBy", { column: t(`caseload.columns.${column}`) })}
        >
          {t(`caseload.columns.${column}`)}
          <span aria-hidden="true">{active ? (descending ? " ▼" : " ▲") : ""}</span>
        </button>
      </th>
    );
  }

  const pageCount = result ? Math.ceil(result.total / result.limit) : 0;
  return (
    <>
      <h1>{t("caseload.heading")}</h1>
      {organisationName && <p className="fr-text--lead">{organisationName}</p>}
      <OrgMenu org={org} admin={admin} />
      <form onSubmit={onSearch} className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom" aria-label={t("caseload.filters")}>
        <div className="fr-col-12 fr-col-md-3">
          <ScopeSelect id="caseload-scope" value={scope} onChange={(value) => update({ portee: value })} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <StalledSelect id="caseload-stalled" value={stalled} onChange={(value) => update({ bloque: value })} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label={t("caseload.search")}
            nativeInputProps={{ id: "caseload-q", type: "search", value: search, onChange: (event) => setSearch(event.target.value) }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-2 fr-mb-3w">
          <Button type="submit" priority="secondary">
            {t("caseload.searchSubmit")}
          </Button>
        </div>
      </form>

      <InviteSeeker org={org} admin={admin} />

      {error && <FormAlert severity="error" message={error} />}
      {!result && !error && <p role="status">{t("app.loading")}</p>}
      {result && (
        <div className="fr-table fr-mt-3w" data-testid="caseload">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>{t("caseload.caption", { count: result.total, days: result.stalled_after_days })}</caption>
                  <thead>
                    <tr>
                      {header("name")}
                      <th scope="col">{t("caseload.columns.jobs")}</th>
                      <th scope="col">{t("caseload.columns.referent")}</th>
                      {header("kept")}
                      {header("contacted")}
                      <th scope="col">{t("caseload.columns.answered")}</th>
                      <th scope="col">{t("caseload.columns.interviews")}</th>
                      {header("hired")}
                      {header("last_activity")}
                    </tr>
                  </thead>
                  <tbody>
                    {result.seekers.map((seeker) => (
                      <tr key={seeker.id} data-seeker={seeker.id}>
                        <th scope="row">
                          <Link to={`/structures/${org}/personnes/${seeker.id}`}>{seeker.user.name}</Link>
                          <br />
                          <span className="fr-text--xs">{seeker.user.email}</span>
                          {seeker.stalled && (
                            <>
                              <br />
                              <span className="fr-badge fr-badge--sm fr-badge--warning">{t("caseload.stalledBadge")}</span>
                            </>
                          )}
                          {!seeker.active && (
                            <>
                              <br />
                              <span className="fr-badge fr-badge--sm">{t("caseload.inactive")}</span>
                            </>
                          )}
                        </th>
                        <td>{seeker.target_jobs.map((job) => job.label).join(", ") || t("caseload.noProfile")}</td>
                        <td>{seeker.referent?.name ?? t("caseload.noReferent")}</td>
                        <td>{seeker.kept}</td>
                        <td>{seeker.contacted}</td>
                        <td>{seeker.answered}</td>
                        <td>{seeker.interviews}</td>
                        <td>{seeker.hired}</td>
                        <td>{dateFormat.format(new Date(seeker.last_activity_at))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      {result && result.total === 0 && <p>{t("caseload.none")}</p>}
      {result && pageCount > 1 && (
        <Pagination
          count={pageCount}
          defaultPage={page}
          getPageLinkProps={(n) => {
            const next = new URLSearchParams(params);
            next.set("page", String(n));
            return { to: { search: next.toString() } };
          }}
        />
      )}
    </>
  );
}

/** Invites a seeker by email; a counsellor who invites becomes their
 * referent (docs/access.md). */
function InviteSeeker({ org, admin }: { org: string; admin: boolean }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [referent, setReferent] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormErrors({ email: "invite-email", referent: "invite-referent" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    if (!email.trim()) {
      form.reset({ "invite-email": t("signIn.errors.emailRequired") });
      document.getElementById("invite-email")?.focus();
      return;
    }
    form.reset();
    try {
      await api.post(`/api/v1/orgs/${org}/invitations`, { email: email.trim(), role: "seeker", referent: referent || undefined });
      setSent(email.trim());
      setEmail("");
      setReferent("");
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <details className="fr-mt-3w">
      <summary className="fr-link">{t("caseload.invite")}</summary>
      <form onSubmit={onSubmit} noValidate className="fr-mt-2w">
        <Input
          label={t("caseload.inviteEmail")}
          hintText={t("caseload.inviteHint")}
          {...form.state("invite-email")}
          nativeInputProps={{
            id: "invite-email",
            type: "email",
            autoComplete: "off",
            value: email,
            "aria-invalid": form.invalid("invite-email"),
            onChange: (event) => setEmail(event.target.value),
          }}
        />
        {/* Counsellors who invite become the referent; org admins choose one. */}
        {admin && (
          <StaffSelect
            org={org}
            form={form}
            id="invite-referent"
            label={t("caseload.inviteReferent")}
            hint={t("caseload.inviteReferentHint")}
            none={t("caseload.inviteNoReferent")}
            value={referent}
            onChange={setReferent}
          />
        )}
        {form.formError && <FormAlert severity="error" message={form.formError} />}
        {sent && <FormAlert severity="success" message={t("caseload.inviteSent", { email: sent })} />}
        <Button type="submit">{t("caseload.inviteSubmit")}</Button>
      </form>
    </details>
  );
}
