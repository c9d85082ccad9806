import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Group } from "@visx/group";
import { Bar } from "@visx/shape";
import { scaleBand, scaleLinear } from "@visx/scale";
import { STAGES, type Stages } from "../lib/api";
import { DataTable } from "./DataTable";

/** The widest the chart is drawn, in pixels; narrower on a small screen. */
const WIDTH = 720;
/** Below this width, each label goes above its bar instead of beside it. */
const NARROW = 520;
const ROW = 44;
const NARROW_ROW = 60;
const LABELS = 250;
const VALUES = 70;

/** The width the chart has on the page, followed as the page resizes. */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(WIDTH);
  useEffect(() => {
    const target = element.current;
    if (!target || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setWidth(Math.min(WIDTH, Math.max(200, target.clientWidth))));
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

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
  const figure = useRef<HTMLElement>(null);
  const width = useWidth(figure);
  const narrow = width < NARROW;
  // Beside the bars on a wide screen; above them on a narrow one, where
  // the bars start at the left edge.
  const left = narrow ? 0 : LABELS;
  const row = narrow ? NARROW_ROW : ROW;
  const height = row * STAGES.length;
  // A later stage can exceed an earlier one (docs/caseload.md): the
  // longest bar is the largest figure, not always the first.
  const largest = Math.max(1, ...STAGES.map((stage) => stages[stage]));
  const x = scaleLinear<number>({ domain: [0, largest], range: [0, width - left - VALUES] });
  const y = scaleBand<string>({ domain: [...STAGES], range: [0, height], padding: narrow ? 0 : 0.25 });
  const summary = STAGES.map((stage) => `${t(`figures.stages.${stage}`)} : ${numbers.format(stages[stage])}`).join(", ");

  return (
    <figure className="fr-my-3w relais-figure" aria-labelledby={`${id}-caption`} ref={figure}>
      <figcaption id={`${id}-caption`} className="fr-h6">
        {caption}
      </figcaption>
      <svg
        className="relais-funnel"
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
      >
        <title id={`${id}-title`}>{t("figures.chartAlt", { caption, summary })}</title>
        {STAGES.map((stage) => {
          const band = y(stage) ?? 0;
          // On a narrow screen, the label takes the band's first 22 pixels.
          const top = narrow ? band + 24 : band;
          const thickness = narrow ? row - 32 : y.bandwidth();
          const middle = top + thickness / 2;
          const length = x(stages[stage]);
          return (
            <Group key={stage} data-stage={stage}>
              {narrow ? (
                <text x={0} y={band + 16}>
                  {t(`figures.stages.${stage}`)}
                </text>
              ) : (
                <text x={LABELS - 12} y={middle} textAnchor="end" dominantBaseline="middle">
                  {t(`figures.stages.${stage}`)}
                </text>
              )}
              <Bar x={left} y={top} width={Math.max(length, 1)} height={thickness} rx={2} />
              <text x={left + length + 8} y={middle} dominantBaseline="middle">
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
