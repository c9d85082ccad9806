import { useTranslation } from "react-i18next";
import type { Company } from "../lib/api";
import { HiringBadge, Stars } from "./Stars";

/** The two recommended ways to apply the data knows, by their French text. */
const CONTACT_MODES: Record<string, string> = {
  "Envoyer un CV et une lettre de motivation": "contactMode.send_cv",
  "Se présenter spontanément": "contactMode.show_up",
};

export function contactModeKey(mode: string | null): string | null {
  return mode ? (CONTACT_MODES[mode] ?? null) : null;
}

export function CompanyCard({ company }: { company: Company }) {
  const { t, i18n } = useTranslation();
  const name = company.trade_name || company.name;
  const distance = new Intl.NumberFormat(i18n.resolvedLanguage, { maximumFractionDigits: 1 }).format(
    company.distance_km,
  );
  const modeKey = contactModeKey(company.contact_mode);
  return (
    <div className="fr-card fr-card--sm relais-company" data-siret={company.siret}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 className="fr-card__title">{name}</h3>
          <div className="fr-card__start">
            <ul className="fr-badges-group">
              <li>
                <HiringBadge stars={company.stars} />
              </li>
            </ul>
            <p className="fr-card__detail">
              <Stars stars={company.stars} />
            </p>
          </div>
          <div className="fr-card__desc">
            <p className="fr-mb-1v">{company.naf_label ?? company.naf}</p>
            <p className="fr-mb-1v">
              <span className="fr-icon-map-pin-2-line fr-icon--sm" aria-hidden="true" /> {company.address}
            </p>
            {company.headcount && <p className="fr-mb-1v">{company.headcount.label}</p>}
            {company.contact_mode && (
              <p className="fr-mb-1v">
                <strong>{t("results.howToApply")}</strong> {modeKey ? t(modeKey) : company.contact_mode}
              </p>
            )}
            {company.phone && (
              <p className="fr-mb-1v">
                {t("results.phone")} <a href={`tel:${company.phone.replace(/\s/g, "")}`}>{company.phone}</a>
              </p>
            )}
          </div>
          <div className="fr-card__end">
            <p className="fr-card__detail">
              {t("results.distance", { distance })}
              {company.approximate_location && ` ${t("results.approximate")}`}
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}
