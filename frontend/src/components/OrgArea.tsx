import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useParams } from "react-router-dom";
import { SubNav } from "./SubNav";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { api, STAFF_ROLES, type Me, type Organisation } from "../lib/api";
import { useAuth } from "../lib/auth";
import { showError } from "../lib/errors";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "./FormAlert";

/** The pages of an organisation's administration, in the order of its menu;
 * `staff` pages are open to counsellors too. */
export const ORG_PAGES = [
  { path: "accompagnement", key: "caseload", staff: true },
  { path: "membres", key: "members", staff: false },
  { path: "reglages", key: "settings", staff: false },
  { path: "chiffres", key: "figures", staff: false },
  { path: "exports", key: "exports", staff: true },
  { path: "journal", key: "audit", staff: false },
] as const;

/** Whether `me` administers the organisation `org` (an org admin there, or
 * the platform admin), or else is at least staff there. */
export function orgAccess(me: Me, org: string): "admin" | "staff" | null {
  if (me.is_platform_admin) return "admin";
  const roles = me.organisations.filter((o) => o.id === org).map((o) => o.role);
  if (roles.includes("org_admin")) return "admin";
  return roles.some((role) => STAFF_ROLES.includes(role)) ? "staff" : null;
}

/** The menu of the organisation's pages `admin` or staff may open; the
 * current one marked. */
export function OrgMenu({ org, admin }: { org: string; admin: boolean }) {
  const { t } = useTranslation();
  const current = useLocation().pathname.split("/")[3];
  return (
    <SubNav
      label={t("orgAdmin.menu")}
      links={ORG_PAGES.filter((page) => admin || page.staff).map((page) => ({
        to: `/structures/${org}/${page.path}`,
        text: t(`orgAdmin.pages.${page.key}`),
        current: page.path === current,
      }))}
    />
  );
}

type Props = {
  /** The page's title and heading. */
  title: string;
  /** Who may open it: org admins (and the platform admin) only, or all staff. */
  need?: "admin" | "staff";
  children: (organisation: Organisation, replace: (organisation: Organisation) => void) => ReactNode;
};

/** A page of /structures/:org/…: checks who may see it, reads the
 * organisation, and puts the page under its breadcrumb and menu. */
export function OrgArea({ title, need = "admin", children }: Props) {
  const { t } = useTranslation();
  usePageTitle(title);
  const { org = "" } = useParams();
  const { me } = useAuth();
  const location = useLocation();
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const access = me ? orgAccess(me, org) : null;
  const allowed = access === "admin" || (access === "staff" && need === "staff");

  useEffect(() => {
    if (!allowed) return;
    setError(null);
    api
      .get<Organisation>(`/api/v1/orgs/${org}`)
      .then(setOrganisation)
      .catch((err) => setError(showError(err, t).message));
  }, [allowed, org, t]);

  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: location.pathname + location.search }} />;
  if (!allowed) return <Navigate to="/espace" replace />;

  return (
    <>
      <Breadcrumb
        currentPageLabel={title}
        segments={[
          { label: t("account.title"), linkProps: { to: "/espace" } },
          ...(me.is_platform_admin ? [{ label: t("platform.organisations.title"), linkProps: { to: "/administration/structures" } }] : []),
        ]}
      />
      <h1>{title}</h1>
      {organisation && <p className="fr-text--lead">{organisation.name}</p>}
      <OrgMenu org={org} admin={access === "admin"} />
      {error && <FormAlert severity="error" message={error} />}
      {!organisation && !error && <p role="status">{t("app.loading")}</p>}
      {organisation && children(organisation, setOrganisation)}
    </>
  );
}
