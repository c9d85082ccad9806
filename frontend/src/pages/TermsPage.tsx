import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { usePageTitle } from "../lib/usePageTitle";

/** The terms of use a seeker accepts, linked from the invitation. */
export const TERMS_PATH = "/conditions-d-utilisation";

const SECTIONS = [
  { heading: "terms.storesHeading", items: ["terms.stores1", "terms.stores2", "terms.stores3", "terms.stores4"] },
  { heading: "terms.seesHeading", items: ["terms.sees1", "terms.sees2", "terms.sees3"] },
  { heading: "terms.stopHeading", items: ["terms.stop1", "terms.stop2"] },
];

/** /conditions-d-utilisation: what a seeker accepts when joining, linked
 * from the invitation's checkbox. */
export function TermsPage() {
  const { t } = useTranslation();
  usePageTitle(t("terms.title"));
  return (
    <div className="fr-grid-row">
      <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
        <h1>{t("terms.heading")}</h1>
        <p className="fr-text--lead">{t("terms.intro")}</p>
        {SECTIONS.map((section) => (
          <section key={section.heading}>
            <h2 className="fr-h4">{t(section.heading)}</h2>
            <ul>
              {section.items.map((item) => (
                <li key={item}>{t(item)}</li>
              ))}
            </ul>
          </section>
        ))}
        <p className="fr-mt-4w">
          <Link to="/" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
            {t("terms.back")}
          </Link>
        </p>
      </div>
    </div>
  );
}
