import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Names the page in the browser's title: "<title> — Relais". */
export function usePageTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t("app.pageTitle", { title });
  }, [title, t]);
}
