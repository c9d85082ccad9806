import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { usePageTitle } from "../lib/usePageTitle";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <>
      <h1>{t("notFound.heading")}</h1>
      <p className="fr-text--lead">{t("notFound.text")}</p>
      <Link to="/" className="fr-btn">
        {t("notFound.home")}
      </Link>
    </>
  );
}
