import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Application } from "../lib/api";

/** A day of the contact log, `YYYY-MM-DD`, read at noon so that no time
 * zone moves it. */
export function contactDay(date: string): Date {
  return new Date(`${date}T12:00:00`);
}

/**
 * The lines of a kept company's status history, oldest first: when, from
 * which status to which, the contact that made the move when one did (a
 * contact the seeker logged, or the follow-up the coach's email recorded),
 * and whether it came from an answer to the coach's email or from the
 * coach itself.
 */
export function historyLines(application: Application, t: TFunction, language: string | undefined): string[] {
  const when = new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" });
  const day = new Intl.DateTimeFormat(language, { dateStyle: "long" });
  const status = (value: string) => t(`statuses.${value}`, { defaultValue: value });
  return application.history.map((change) => {
    const date = when.format(new Date(change.at));
    const line = change.from
      ? t("applications.historyMove", { date, from: status(change.from), to: status(change.to) })
      : t("applications.historyStart", { date, to: status(change.to) });
    const contact = change.contact ? application.contacts.find((c) => c.id === change.contact) : undefined;
    const parts = [line];
    if (contact) {
      parts.push(
        t("applications.historyByContact", {
          date: day.format(contactDay(contact.date)),
          method: t(`methods.${contact.method}`, { defaultValue: contact.method }),
          outcome: t(`outcomes.${contact.outcome}`, { defaultValue: contact.outcome }),
        }),
      );
    }
    if (change.via === "coach_answer") parts.push(t("applications.historyByCoachAnswer"));
    if (change.via === "coach") parts.push(t("applications.historyByCoach"));
    return parts.join(" ");
  });
}

/** The dated history of a kept company's status, under its card. */
export function StatusHistory({ application, headingId }: { application: Application; headingId: string }) {
  const { t, i18n } = useTranslation();
  if (application.history.length === 0) return null;
  return (
    <>
      <h3 className="fr-text--md fr-mb-1v fr-mt-2w" id={headingId}>
        {t("applications.history")}
      </h3>
      <ol aria-labelledby={headingId} data-testid="history">
        {historyLines(application, t, i18n.resolvedLanguage).map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </>
  );
}
