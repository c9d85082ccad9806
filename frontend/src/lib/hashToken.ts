import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { LAYOUT_ANCHORS } from "./anchors";

/**
 * The token in `hash`, or null. A hash that names an element of the page
 * is an anchor, not a token: the skip links (`#contenu`, `#pied-de-page`)
 * change the hash of the page they are pressed on, and a keyboard user
 * pressing one on /connexion or /invitation must not sign in with
 * "contenu" nor lose the invitation's real token. The layout's anchors
 * count even before the page is drawn (an address opened with one).
 */
export function tokenOf(hash: string, page: Pick<Document, "getElementById"> = document): string | null {
  let token: string;
  try {
    token = decodeURIComponent(hash.replace(/^#/, "")).trim();
  } catch {
    return null;
  }
  if (!token || LAYOUT_ANCHORS.includes(token) || page.getElementById(token) !== null) return null;
  return token;
}

/**
 * The token after `#` in the address of a link from an email
 * (/mot-de-passe#…, /invitation#…, /connexion#…). It is taken out of the
 * address at once, so that it stays out of the history and of any link the
 * page shows; a link opened again in the same tab gives its new token.
 * Anchors of the page (skip links) leave the token as it was.
 */
export function useHashToken(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const [token, setToken] = useState(() => tokenOf(location.hash));

  useEffect(() => {
    const fresh = tokenOf(location.hash);
    if (!fresh) return;
    setToken(fresh);
    navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: location.state });
  }, [location.hash, location.pathname, location.search, location.state, navigate]);

  return token;
}
