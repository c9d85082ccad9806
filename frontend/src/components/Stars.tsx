import { useTranslation } from "react-i18next";

/** 0 to 5 stars, read out as "3 étoiles sur 5". */
export function Stars({ stars }: { stars: number }) {
  const { t } = useTranslation();
  const count = Math.max(0, Math.min(5, Math.round(stars)));
  return (
    <span className="relais-stars" role="img" aria-label={t("stars.label", { count })}>
      <span aria-hidden="true">
        {"★".repeat(count)}
        <span className="relais-stars__empty">{"☆".repeat(5 - count)}</span>
      </span>
    </span>
  );
}

export type HiringBand = "high" | "medium" | "low";

/** The band of the stars, as in the seeker's shortlist: 4–5 high, 2–3
 * medium, 0–1 low (docs/journey.md). */
export function hiringBand(stars: number): HiringBand {
  if (stars >= 4) return "high";
  if (stars >= 2) return "medium";
  return "low";
}

const BAND_SEVERITY: Record<HiringBand, string> = {
  high: "fr-badge--success",
  medium: "fr-badge--info",
  low: "fr-badge--new",
};

export function HiringBadge({ stars }: { stars: number }) {
  const { t } = useTranslation();
  const band = hiringBand(stars);
  return (
    <p className={`fr-badge fr-badge--sm fr-badge--no-icon ${BAND_SEVERITY[band]}`}>
      {t(`band.${band}`)}
    </p>
  );
}
