import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, setCsrfToken, type Me } from "./api";

type AuthState = {
  /** undefined while the first check runs, null when signed out. */
  me: Me | null | undefined;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
};

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const signedIn = useCallback((next: Me) => {
    setCsrfToken(next.csrf_token);
    setMe(next);
  }, []);

  useEffect(() => {
    api
      .get<Me>("/api/v1/auth/me")
      .then(signedIn)
      .catch((err) => {
        if (!(err instanceof ApiError && err.status === 401)) {
          console.error("could not read the session", err);
        }
        setMe(null);
      });
  }, [signedIn]);

  const signOut = useCallback(async () => {
    try {
      await api.post("/api/v1/auth/sign_out");
    } catch (err) {
      // The session is forgotten here all the same; the server lets it
      // lapse.
      console.warn("sign-out failed", err);
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, signedIn, signOut }), [me, signedIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) {
    throw new Error("useAuth outside AuthProvider");
  }
  return state;
}
