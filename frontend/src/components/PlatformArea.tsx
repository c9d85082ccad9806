import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router-dom";
import { SubNav } from "./SubNav";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { useAuth } from "../lib/auth";
import { usePageTitle } from "../lib/usePageTitle";

/** The pages of the platform's administration, in the order of its menu. */
export const PLATFORM_PAGES = [
  { path: "structures", key: "organisations" },
  { path: "journal", key: "audit" },
  { path: "e-mails", key: "outbox" },
  { path: "imports", key: "imports" },
  { path: "entreprises", key: "companies" },
] as const;

/** A page of /administration/…, for the platform admin only. */
export function PlatformArea({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  usePageTitle(title);
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;
  if (!me.is_platform_admin) return <Navigate to="/espace" replace />;
  const current = location.pathname.split("/")[2];
  return (
    <>
      <Breadcrumb currentPageLabel={title} segments={[{ label: t("account.title"), linkProps: { to: "/espace" } }]} />
      <h1>{title}</h1>
      <SubNav
        label={t("platform.menu")}
        links={PLATFORM_PAGES.map((page) => ({
          to: `/administration/${page.path}`,
          text: t(`platform.${page.key}.title`),
          current: page.path === current,
        }))}
      />
      {children}
    </>
  );
}
