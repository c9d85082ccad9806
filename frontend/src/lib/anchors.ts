/** The ids the skip links lead to, in every page (components/Layout). */
export const CONTENT_ID = "contenu";
export const FOOTER_ID = "pied-de-page";
export const LAYOUT_ANCHORS: readonly string[] = [CONTENT_ID, FOOTER_ID];
