import { Header } from "@codegouvfr/react-dsfr/Header";
import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { LanguageSelect } from "@codegouvfr/react-dsfr/LanguageSelect";
import { useTranslation } from "react-i18next";
import { useEffect, useRef } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../lib/auth";
import { LANGUAGES, type Language } from "../lib/i18n";
import type { Me } from "../lib/api";
import { CONTENT_ID, FOOTER_ID } from "../lib/anchors";

const LANGUAGE_NAMES: Record<Language, string> = { fr: "Français", en: "English" };

/** The header's way into the administration pages: the platform's for the
 * platform admin, else the organisation's for an org admin of one (their
 * space lists them when they administer several). */
export function administration(me: Me): { key: string; name?: string; to: string }[] {
  if (me.is_platform_admin) return [{ key: "header.platform", to: "/administration/structures" }];
  const administered = me.organisations.filter((organisation) => organisation.role === "org_admin");
  if (administered.length === 1) {
    return [{ key: "header.organisation", name: administered[0].name, to: `/structures/${administered[0].id}/membres` }];
  }
  return administered.length > 1 ? [{ key: "header.organisations", to: "/espace" }] : [];
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);

  // After moving to another page (not on the first load), start from the
  // new page's content, as a full page load would with a skip link;
  // unless the page already put the focus somewhere in it (an alert).
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = "";
      if (!main.current?.contains(document.activeElement)) main.current?.focus();
    }
  }, [pathname]);
  const brandTop = (
    <>
      {t("app.brandTop1")}
      <br />
      {t("app.brandTop2")}
    </>
  );
  const homeLinkProps = { to: "/", title: t("app.home") };

  const account = me
    ? [
        {
          iconId: "fr-icon-account-circle-line" as const,
          text: me.user.name,
          linkProps: { to: "/espace" },
        },
        ...administration(me).map((item) => ({
          iconId: "fr-icon-settings-5-line" as const,
          text: t(item.key, { organisation: item.name }),
          linkProps: { to: item.to },
        })),
        {
          iconId: "fr-icon-logout-box-r-line" as const,
          text: t("header.signOut"),
          buttonProps: {
            type: "button" as const,
            onClick: () => {
              // Leave the page first: a page for signed-in people would
              // otherwise send to the sign-in page on its own, without
              // saying the person signed out.
              navigate("/connexion", { state: { signedOut: true } });
              void signOut();
            },
          },
        },
      ]
    : [
        {
          iconId: "fr-icon-account-circle-line" as const,
          text: t("header.signIn"),
          linkProps: { to: "/connexion" },
        },
      ];

  return (
    <>
      <SkipLinks
        links={[
          { label: t("skip.content"), anchor: `#${CONTENT_ID}` },
          { label: t("skip.footer"), anchor: `#${FOOTER_ID}` },
        ]}
      />
      <Header
        brandTop={brandTop}
        homeLinkProps={homeLinkProps}
        serviceTitle={t("app.name")}
        serviceTagline={t("app.tagline")}
        quickAccessItems={[
          ...account,
          <LanguageSelect<Language>
            key="language"
            supportedLangs={LANGUAGES}
            fullNameByLang={LANGUAGE_NAMES}
            lang={(i18n.resolvedLanguage as Language) ?? "fr"}
            setLang={(lang) => i18n.changeLanguage(lang)}
          />,
        ]}
      />
      <main id={CONTENT_ID} ref={main} tabIndex={-1} className="fr-container fr-py-4w relais-main">
        <Outlet />
      </main>
      <Footer
        id={FOOTER_ID}
        brandTop={brandTop}
        homeLinkProps={homeLinkProps}
        accessibility="partially compliant"
        contentDescription={t("footer.description")}
        bottomItems={[{ text: t("footer.api"), linkProps: { to: "/api/v1/openapi.json", reloadDocument: true } }]}
      />
    </>
  );
}
