import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router-dom";
import { seekerRole, type MyOrganisation } from "./api";
import { useAuth } from "./auth";

/** Renders `children` with the signed-in seeker's record; sends anyone
 * else to the sign-in page or to their space. */
export function SeekerOnly({ children }: { children: (seeker: MyOrganisation) => ReactNode }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;
  const seeker = seekerRole(me);
  if (!seeker) return <Navigate to="/espace" replace />;
  return <>{children(seeker)}</>;
}
