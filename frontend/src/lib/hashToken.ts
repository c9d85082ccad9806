import { useEffect, useState } from "react";
import { useLocation, useNavigate } from "react-router-dom";

function tokenOf(hash: string): string | null {
  const token = decodeURIComponent(hash.replace(/^#/, "")).trim();
  return token || null;
}

/**
 * The token after `#` in the address of a link from an email
 * (/mot-de-passe#…, /invitation#…, /connexion#…). It is taken out of the
 * address at once, so that it stays out of the history and of any link the
 * page shows; a link opened again in the same tab gives its new token.
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
