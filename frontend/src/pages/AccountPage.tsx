import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation } from "react-router-dom";
import { Download } from "@codegouvfr/react-dsfr/Download";
import { seekerRole, STAFF_ROLES } from "../lib/api";
import { useAuth } from "../lib/auth";
import { FormAlert } from "../components/FormAlert";
import { usePageTitle } from "../lib/usePageTitle";

type LocationState = { passwordChanged?: boolean; joined?: string } | null;

/** The signed-in person's home: who they are and where they work. */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.title"));
  const { me } = useAuth();
  const location = useLocation();
  const state = location.state as LocationState;
  const mySeeker = seekerRole(me);

  if (me === undefined) {
    return <p role="status">{t("app.loading")}</p>;
  }
  if (me === null) {
    return <Navigate to="/connexion" replace state={{ from: "/espace" }} />;
  }
  return (
    <>
      <h1>{t("account.heading", { name: me.user.name })}</h1>
      {state?.passwordChanged && <FormAlert severity="success" message={t("account.passwordChanged")} />}
      {state?.joined && (
        <FormAlert severity="success" message={t("account.joined", { organisation: state.joined })} />
      )}
      <p>{t("account.signedInAs", { email: me.user.email })}</p>
      {me.is_platform_admin && (
        <>
          <p className="fr-badge fr-badge--info">{t("roles.platform_admin")}</p>
          <ul>
            <li>
              <Link to="/administration/structures">{t("account.platformOrganisations")}</Link>
            </li>
            <li>
              <Link to="/administration/journal">{t("account.platformAudit")}</Link>
            </li>
            <li>
              <Link to="/administration/e-mails">{t("account.platformOutbox")}</Link>
            </li>
            <li>
              <Link to="/administration/imports">{t("account.platformImports")}</Link>
            </li>
            <li>
              <Link to="/administration/entreprises">{t("account.platformCompanies")}</Link>
            </li>
          </ul>
        </>
      )}
      {mySeeker && (
        <>
          <h2 className="fr-h4 fr-mt-4w">{t("account.journey")}</h2>
          <ul>
            <li>
              <Link to="/espace/profil">{t("account.profile")}</Link>
            </li>
            <li>
              <Link to="/espace/entreprises">{t("account.shortlist")}</Link>
            </li>
            <li>
              <Link to="/espace/suivi">{t("account.applications")}</Link>
            </li>
          </ul>
          <Download
            label={t("account.download")}
            details={t("account.downloadDetails", { organisation: mySeeker.name })}
            linkProps={{
              to: `/api/v1/orgs/${mySeeker.id}/seekers/${mySeeker.seeker_id}/export`,
              reloadDocument: true,
              download: true,
            }}
          />
        </>
      )}
      <p className="fr-mt-4w">
        <Link to="/espace/e-mails" className="fr-link fr-icon-mail-line fr-link--icon-left">
          {t("account.emails")}
        </Link>
      </p>
      <h2 className="fr-h4 fr-mt-4w">{t("account.organisations")}</h2>
      {me.organisations.length === 0 ? (
        <p>{t("account.noOrganisation")}</p>
      ) : (
        <ul>
          {me.organisations.map((organisation) => (
            <li key={`${organisation.id}-${organisation.role}`}>
              {t("account.roleIn", {
                organisation: organisation.name,
                role: t(`roles.${organisation.role}`, { defaultValue: organisation.role }),
              })}
              {STAFF_ROLES.includes(organisation.role) && (
                <>
                  {" — "}
                  <Link to={`/structures/${organisation.id}/accompagnement`}>{t("account.caseload")}</Link>
                </>
              )}
              {organisation.role === "org_admin" && (
                <>
                  {" — "}
                  <Link to={`/structures/${organisation.id}/membres`}>{t("account.administer")}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
