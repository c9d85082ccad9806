import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { BrowserRouter, Link } from "react-router-dom";
import { I18nextProvider, useTranslation } from "react-i18next";
import "leaflet/dist/leaflet.css";
import "./styles.css";
import { createI18n } from "./lib/i18n";
import { AuthProvider } from "./lib/auth";
import { App } from "./App";

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

const i18n = createI18n();

startReactDsfr({
  defaultColorScheme: "system",
  Link,
  // The DSFR components' own texts (menu, pagination…) follow the language.
  useLang: () => useTranslation().i18n.resolvedLanguage ?? "fr",
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <BrowserRouter>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </I18nextProvider>
  </StrictMode>,
);
