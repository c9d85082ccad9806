// Runtime settings read from the page, so an operator can change them in
// the built index.html without rebuilding; build-time VITE_ variables are
// the defaults.

function meta(name: string): string {
  const element = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`);
  return element?.content.trim() ?? "";
}

/** The map tile URL template (`https://…/{z}/{x}/{y}.png`), or "" for a
 * map without tiles. */
export function tileUrl(): string {
  return meta("relais-tile-url") || (import.meta.env.VITE_TILE_URL ?? "");
}

export function tileAttribution(): string {
  return meta("relais-tile-attribution") || (import.meta.env.VITE_TILE_ATTRIBUTION ?? "");
}
