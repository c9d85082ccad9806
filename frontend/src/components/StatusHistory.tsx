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
 * which status to which, and the contact that made the move when one did
 * (a contact the seeker logged, or the follow-up the coach's email
 * recorded, whose note says so).
 *
 * Limitation: the API does not say who made a move without a contact, so
 * an answer given from the coach's email ("an interview", "a refusal") reads
 * as a plain change of status; it needs the status change's author or
 * channel in `history`.
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
    if (!contact) return line;
    return `${line} ${t("applications.historyByContact", {
      date: day.format(contactDay(contact.date)),
      method: t(`methods.${contact.method}`, { defaultValue: contact.method }),
      outcome: t(`outcomes.${contact.outcome}`, { defaultValue: contact.outcome }),
    })}`;
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
