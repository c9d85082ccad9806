import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { api, STAFF_ROLES, type EmailSettings } from "../lib/api";
import { useAuth } from "../lib/auth";
import { showError } from "../lib/errors";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "../components/FormAlert";

const SNOOZES = [7, 14, 30] as const;
const DIGESTS = ["daily", "weekly", "off"] as const;

/** /espace/e-mails: pause, snooze or stop the coach's emails; staff also
 * choose how often their digest comes. */
export function EmailSettingsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("emails.title"));
  const { me } = useAuth();
  const [settings, setSettings] = useState<EmailSettings | null>(null);
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const [snooze, setSnooze] = useState<number>(7);
  const [digest, setDigest] = useState<EmailSettings["digest_frequency"]>("weekly");
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "long" }), [i18n.resolvedLanguage]);

  useEffect(() => {
    if (!me) return;
    api
      .get<EmailSettings>("/api/v1/me/emails")
      .then((found) => {
        setSettings(found);
        setDigest(found.digest_frequency);
      })
      .catch((err) => setNotice({ severity: "error", message: showError(err, t).message }));
  }, [me, t]);

  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: "/espace/e-mails" }} />;
  const isStaff = me.organisations.some((organisation) => STAFF_ROLES.includes(organisation.role));

  async function change(body: Record<string, unknown>, done: string) {
    try {
      const saved = await api.patch<EmailSettings>("/api/v1/me/emails", body);
      setSettings(saved);
      setNotice({ severity: "success", message: t(done) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  const day = (value: string) => dateFormat.format(new Date(value));
  const snoozed = settings?.snoozed_until && new Date(settings.snoozed_until) > new Date() ? settings.snoozed_until : null;
  let state = t("emails.stateActive");
  if (settings?.unsubscribed_since) state = t("emails.stateUnsubscribed", { date: day(settings.unsubscribed_since) });
  else if (settings?.paused_since) state = t("emails.statePaused", { date: day(settings.paused_since) });
  else if (snoozed) state = t("emails.stateSnoozed", { date: day(snoozed) });

  return (
    <>
      <h1>{t("emails.heading")}</h1>
      <p>{t("emails.intro")}</p>
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      {!settings && !notice && <p role="status">{t("app.loading")}</p>}
      {settings && (
        <>
          <p className="fr-text--lead" data-testid="email-state">
            {state}
          </p>

          <section aria-labelledby="pause-heading" className="fr-mt-4w">
            <h2 id="pause-heading" className="fr-h5">
              {t("emails.pauseHeading")}
            </h2>
            {settings.paused_since ? (
              <Button onClick={() => change({ paused: false }, "emails.resumed")}>{t("emails.resume")}</Button>
            ) : (
              <Button priority="secondary" onClick={() => change({ paused: true }, "emails.paused")}>
                {t("emails.pause")}
              </Button>
            )}
          </section>

          <section aria-labelledby="snooze-heading" className="fr-mt-4w">
            <h2 id="snooze-heading" className="fr-h5">
              {t("emails.snoozeHeading")}
            </h2>
            <Select
              label={t("emails.snoozeFor")}
              nativeSelectProps={{ id: "emails-snooze", value: String(snooze), onChange: (event) => setSnooze(Number(event.target.value)) }}
            >
              {SNOOZES.map((days) => (
                <option key={days} value={days}>
                  {t("emails.days", { count: days })}
                </option>
              ))}
            </Select>
            <ul className="fr-btns-group fr-btns-group--inline-sm">
              <li>
                <Button priority="secondary" onClick={() => change({ snooze_days: snooze }, "emails.snoozed")}>
                  {t("emails.snooze")}
                </Button>
              </li>
              {snoozed && (
                <li>
                  <Button priority="tertiary" onClick={() => change({ snooze_days: 0 }, "emails.unsnoozed")}>
                    {t("emails.unsnooze")}
                  </Button>
                </li>
              )}
            </ul>
          </section>

          <section aria-labelledby="stop-heading" className="fr-mt-4w">
            <h2 id="stop-heading" className="fr-h5">
              {t("emails.stopHeading")}
            </h2>
            {settings.unsubscribed_since ? (
              <Button onClick={() => change({ subscribed: true }, "emails.resubscribed")}>{t("emails.resubscribe")}</Button>
            ) : (
              <Button priority="tertiary" onClick={() => change({ subscribed: false }, "emails.unsubscribed")}>
                {t("emails.unsubscribe")}
              </Button>
            )}
          </section>

          {isStaff && (
            <section aria-labelledby="digest-heading" className="fr-mt-4w">
              <h2 id="digest-heading" className="fr-h5">
                {t("emails.digestHeading")}
              </h2>
              <Select
                label={t("emails.digest")}
                nativeSelectProps={{
                  id: "emails-digest",
                  value: digest,
                  onChange: (event) => setDigest(event.target.value as EmailSettings["digest_frequency"]),
                }}
              >
                {DIGESTS.map((value) => (
                  <option key={value} value={value}>
                    {t(`emails.digests.${value}`)}
                  </option>
                ))}
              </Select>
              <Button priority="secondary" onClick={() => change({ digest_frequency: digest }, "emails.digestSaved")}>
                {t("emails.digestSave")}
              </Button>
            </section>
          )}
        </>
      )}
      <p className="fr-mt-4w">
        <Link to="/espace" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          {t("emails.back")}
        </Link>
      </p>
    </>
  );
}
