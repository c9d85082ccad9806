import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import L from "leaflet";
import type { Company } from "../lib/api";
import { tileAttribution, tileUrl } from "../lib/config";

/** What the map needs of a company: the search's results and the
 * shortlist's cards both have it. */
export type MapCompany = Pick<Company, "siret" | "name" | "trade_name" | "latitude" | "longitude">;

type Props = {
  companies: MapCompany[];
  centre: { latitude: number; longitude: number } | null;
  /** The map's name for screen readers; the search's by default. */
  label?: string;
};

/**
 * Companies on a map: the search's results, a seeker's shortlist. Tiles come from the configured URL (see
 * docs/frontend.md); without one, the markers stand on a plain background.
 * The list beside it holds the same companies, so the map adds nothing a
 * keyboard or screen reader user would miss.
 */
export function ResultsMap({ companies, centre, label }: Props) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const url = tileUrl();

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, {
      zoomControl: false,
      attributionControl: url !== "",
      keyboard: false,
    });
    L.control
      .zoom({ zoomInTitle: t("map.zoomIn"), zoomOutTitle: t("map.zoomOut") })
      .addTo(created);
    if (url) {
      L.tileLayer(url, { attribution: tileAttribution(), maxZoom: 19 }).addTo(created);
    }
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
    // The map is made once; language changes only retitle its buttons.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);

  useEffect(() => {
    const current = map.current;
    const markers = layer.current;
    if (!current || !markers) return;
    markers.clearLayers();
    const points: L.LatLngExpression[] = [];
    if (centre) {
      const here: L.LatLngExpression = [centre.latitude, centre.longitude];
      L.circleMarker(here, { radius: 6, color: "#ce0500", fillOpacity: 1 })
        .bindTooltip(t("map.searchedPlace"))
        .addTo(markers);
      points.push(here);
    }
    for (const company of companies) {
      const point: L.LatLngExpression = [company.latitude, company.longitude];
      L.circleMarker(point, { radius: 7, color: "#000091", fillColor: "#6a6af4", fillOpacity: 0.9 })
        .bindTooltip(company.trade_name || company.name)
        .addTo(markers);
      points.push(point);
    }
    if (points.length > 0) {
      current.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 14 });
    } else {
      current.setView([46.6, 2.4], 5);
    }
  }, [companies, centre, t]);

  return (
    <div
      ref={element}
      className={`relais-map${url ? "" : " relais-map--no-tiles"}`}
      role="region"
      aria-label={label ?? t("map.label")}
      data-testid="results-map"
    />
  );
}
