import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Group } from "@visx/group";
import { Bar } from "@visx/shape";
import { scaleBand, scaleLinear } from "@visx/scale";
import { STAGES, type Stages } from "../lib/api";
import { DataTable } from "./DataTable";

const WIDTH = 720;
const ROW = 44;
const LABELS = 250;
const VALUES = 70;

/** The share of the first stage, as a whole percentage; "—" without seekers. */
export function share(value: number, of: number, format: Intl.NumberFormat): string {
  return of > 0 ? format.format(value / of) : "—";
}

/**
 * The funnel of one month, seekers down to hires, as horizontal bars; the
 * same figures follow in a table, which is the chart's text alternative.
 */
export function FunnelChart({ id, caption, stages }: { id: string; caption: string; stages: Stages }) {
  const { t, i18n } = useTranslation();
  const numbers = useMemo(() => new Intl.NumberFormat(i18n.resolvedLanguage), [i18n.resolvedLanguage]);
  const percent = useMemo(
    () => new Intl.NumberFormat(i18n.resolvedLanguage, { style: "percent", maximumFractionDigits: 0 }),
    [i18n.resolvedLanguage],
  );
  const height = ROW * STAGES.length;
  // A later stage can exceed an earlier one (docs/caseload.md): the
  // longest bar is the largest figure, not always the first.
  const largest = Math.max(1, ...STAGES.map((stage) => stages[stage]));
  const x = scaleLinear<number>({ domain: [0, largest], range: [0, WIDTH - LABELS - VALUES] });
  const y = scaleBand<string>({ domain: [...STAGES], range: [0, height], padding: 0.25 });
  const summary = STAGES.map((stage) => `${t(`figures.stages.${stage}`)} : ${numbers.format(stages[stage])}`).join(", ");

  return (
    <figure className="fr-my-3w" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="fr-h6">
        {caption}
      </figcaption>
      <svg
        className="relais-funnel"
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{t("figures.chartAlt", { caption, summary })}</title>
        {STAGES.map((stage) => {
          const top = y(stage) ?? 0;
          const middle = top + y.bandwidth() / 2;
          const length = x(stages[stage]);
          return (
            <Group key={stage} data-stage={stage}>
              <text x={LABELS - 12} y={middle} textAnchor="end" dominantBaseline="middle">
                {t(`figures.stages.${stage}`)}
              </text>
              <Bar x={LABELS} y={top} width={Math.max(length, 1)} height={y.bandwidth()} rx={2} />
              <text x={LABELS + length + 8} y={middle} dominantBaseline="middle">
                {numbers.format(stages[stage])}
              </text>
            </Group>
          );
        })}
      </svg>
      <DataTable caption={t("figures.tableCaption", { caption })} testId={`${id}-table`}>
        <thead>
          <tr>
            <th scope="col">{t("figures.stage")}</th>
            <th scope="col">{t("figures.count")}</th>
            <th scope="col">{t("figures.share")}</th>
          </tr>
        </thead>
        <tbody>
          {STAGES.map((stage) => (
            <tr key={stage}>
              <th scope="row">{t(`figures.stages.${stage}`)}</th>
              <td>{numbers.format(stages[stage])}</td>
              <td>{share(stages[stage], stages.seekers, percent)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </figure>
  );
}
