import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { MemoryRouter, Link } from "react-router-dom";
import { setLink } from "@codegouvfr/react-dsfr/link";
import { setUseLang } from "@codegouvfr/react-dsfr/spa";
import { useTranslation } from "react-i18next";
import { createI18n, type Language } from "../lib/i18n";

// As startReactDsfr does in main.tsx, without loading the DSFR's scripts.
setLink({ Link: Link as unknown as Parameters<typeof setLink>[0]["Link"] });
setUseLang({ useLang: () => useTranslation().i18n.resolvedLanguage ?? "fr" });

/** Renders `ui` as the app does: with the texts of `language` and a router
 * at `path`. */
export function renderWithApp(ui: ReactElement, { language = "fr", path = "/" }: { language?: Language; path?: string } = {}) {
  const i18n = createI18n(language);
  const result = render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </I18nextProvider>,
  );
  return { ...result, i18n };
}

/** A fetch that answers each request with what `answer` returns for its
 * URL, and records the URLs asked. */
export function fakeFetch(answer: (url: URL, init?: RequestInit) => { status: number; body: unknown }) {
  const calls: { url: URL; init?: RequestInit }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://relais.test");
    calls.push({ url, init });
    const { status, body } = answer(url, init);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { fetch, calls };
}
