import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { api, journeyPath, type Application, type MyOrganisation } from "../lib/api";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { SeekerOnly } from "../lib/useSeeker";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "../components/FormAlert";
import { contactDay, StatusHistory } from "../components/StatusHistory";

export const METHODS = ["visit", "phone", "email", "letter", "online_form", "other"] as const;
export const OUTCOMES = ["no_answer_yet", "positive_answer", "interview", "refused", "hired"] as const;

const STATUS_BADGE: Record<string, string> = {
  to_contact: "fr-badge--info",
  contacted: "fr-badge--new",
  follow_up_due: "fr-badge--warning",
  interview: "fr-badge--success",
  hired: "fr-badge--success",
  declined: "fr-badge--error",
  no_answer: "fr-badge--error",
};

export function ApplicationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("applications.title"));
  return <SeekerOnly>{(seeker) => <SeekerApplications seeker={seeker} />}</SeekerOnly>;
}

function SeekerApplications({ seeker }: { seeker: MyOrganisation }) {
  const { t } = useTranslation();
  const [applications, setApplications] = useState<Application[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<{ applications: Application[] }>(journeyPath(seeker, "/applications"))
      .then((body) => setApplications(body.applications))
      .catch((err) => setError(showError(err, t).message));
  }, [seeker, t]);

  function replace(updated: Application) {
    setApplications((current) => current?.map((application) => (application.siret === updated.siret ? updated : application)) ?? null);
  }

  return (
    <>
      <h1>{t("applications.heading")}</h1>
      <p>
        <Link to="/espace/entreprises" className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          {t("applications.toShortlist")}
        </Link>
      </p>
      {error && <FormAlert severity="error" message={error} />}
      {!applications && !error && <p role="status">{t("app.loading")}</p>}
      {applications?.length === 0 && <p>{t("applications.none")}</p>}
      {applications && applications.length > 0 && (
        <ul className="relais-results" aria-label={t("applications.listLabel")}>
          {applications.map((application) => (
            <li key={application.siret} className="fr-mb-3w">
              <ApplicationCard seeker={seeker} application={application} onChange={replace} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ApplicationCard({
  seeker,
  application,
  onChange,
}: {
  seeker: MyOrganisation;
  application: Application;
  onChange: (application: Application) => void;
}) {
  const { t, i18n } = useTranslation();
  const name = application.company ? application.company.trade_name || application.company.name : application.siret;
  const id = `application-${application.siret}`;
  const [status, setStatus] = useState(application.next_statuses[0] ?? "");
  const [notice, setNotice] = useState<string | null>(null);
  const statusForm = useFormErrors({ status: `${id}-status` });

  const today = new Date().toISOString().slice(0, 10);
  const [method, setMethod] = useState<string>("phone");
  const [date, setDate] = useState(today);
  const [outcome, setOutcome] = useState<string>("no_answer_yet");
  const [note, setNote] = useState("");
  const contactForm = useFormErrors({
    method: `${id}-method`,
    date: `${id}-date`,
    outcome: `${id}-outcome`,
    note: `${id}-note`,
  });

  useEffect(() => setStatus(application.next_statuses[0] ?? ""), [application.next_statuses]);

  async function changeStatus(event: FormEvent) {
    event.preventDefault();
    statusForm.reset();
    try {
      const updated = await api.post<Application>(journeyPath(seeker, `/applications/${application.siret}/status`), { status });
      onChange(updated);
      setNotice(t("applications.statusChanged", { status: t(`statuses.${updated.status}`) }));
    } catch (err) {
      statusForm.fail(err);
    }
  }

  async function logContact(event: FormEvent) {
    event.preventDefault();
    contactForm.reset();
    try {
      const updated = await api.post<Application>(journeyPath(seeker, `/applications/${application.siret}/contacts`), {
        method,
        date,
        outcome,
        note: note.trim() || undefined,
      });
      onChange(updated);
      setNote("");
      setNotice(t("applications.contactLogged", { status: t(`statuses.${updated.status}`) }));
    } catch (err) {
      contactForm.fail(err);
    }
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "long" });
  const headingId = `${id}-heading`;
  return (
    <article className="fr-card fr-card--sm relais-company" data-siret={application.siret} aria-labelledby={headingId}>
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h2 className="fr-card__title fr-h5" id={headingId}>
            {name}
          </h2>
          <div className="fr-card__start">
            <p className={`fr-badge fr-badge--sm fr-badge--no-icon ${STATUS_BADGE[application.status] ?? ""}`} data-testid="status">
              {t(`statuses.${application.status}`, { defaultValue: application.status })}
            </p>
          </div>
          <div className="fr-card__desc">
            {application.company && <p className="fr-mb-1v">{application.company.address}</p>}
            {application.company?.phone && (
              <p className="fr-mb-1v">
                {t("results.phone")} <a href={`tel:${application.company.phone.replace(/\s/g, "")}`}>{application.company.phone}</a>
              </p>
            )}
            {notice && (
              <p className="fr-message fr-message--valid" role="status">
                {notice}
              </p>
            )}
            {application.contacts.length > 0 && (
              <>
                <h3 className="fr-text--md fr-mb-1v fr-mt-2w">{t("applications.contacts")}</h3>
                <ul>
                  {application.contacts.map((contact) => (
                    <li key={contact.id}>
                      {t("applications.contactLine", {
                        date: dateFormat.format(contactDay(contact.date)),
                        method: t(`methods.${contact.method}`),
                        outcome: t(`outcomes.${contact.outcome}`),
                      })}
                      {contact.note && <> — « {contact.note} »</>}
                    </li>
                  ))}
                </ul>
              </>
            )}

            <StatusHistory application={application} headingId={`${id}-history`} />

            {application.status !== "hired" && (
              <details className="fr-mt-2w">
                <summary className="fr-link">{t("applications.logContact")}</summary>
                <form onSubmit={logContact} noValidate className="fr-mt-2w">
                  <Select
                    label={t("applications.method")}
                    {...contactForm.state(`${id}-method`)}
                    nativeSelectProps={{ id: `${id}-method`, value: method, onChange: (event) => setMethod(event.target.value) }}
                  >
                    {METHODS.map((value) => (
                      <option key={value} value={value}>
                        {t(`methods.${value}`)}
                      </option>
                    ))}
                  </Select>
                  <Input
                    label={t("applications.date")}
                    {...contactForm.state(`${id}-date`)}
                    nativeInputProps={{
                      id: `${id}-date`,
                      type: "date",
                      max: today,
                      value: date,
                      "aria-invalid": contactForm.invalid(`${id}-date`),
                      onChange: (event) => setDate(event.target.value),
                    }}
                  />
                  <Select
                    label={t("applications.outcome")}
                    {...contactForm.state(`${id}-outcome`)}
                    nativeSelectProps={{ id: `${id}-outcome`, value: outcome, onChange: (event) => setOutcome(event.target.value) }}
                  >
                    {OUTCOMES.map((value) => (
                      <option key={value} value={value}>
                        {t(`outcomes.${value}`)}
                      </option>
                    ))}
                  </Select>
                  <Input
                    textArea
                    label={t("applications.note")}
                    hintText={t("applications.noteHint")}
                    {...contactForm.state(`${id}-note`)}
                    nativeTextAreaProps={{
                      id: `${id}-note`,
                      value: note,
                      maxLength: 2000,
                      onChange: (event) => setNote(event.target.value),
                    }}
                  />
                  {contactForm.formError && <FormAlert severity="error" message={contactForm.formError} />}
                  <Button type="submit">{t("applications.saveContact")}</Button>
                </form>
              </details>
            )}

            {application.next_statuses.length > 0 && (
              <form onSubmit={changeStatus} noValidate className="fr-mt-2w relais-inline-form">
                <Select
                  label={t("applications.newStatus")}
                  {...statusForm.state(`${id}-status`)}
                  nativeSelectProps={{ id: `${id}-status`, value: status, onChange: (event) => setStatus(event.target.value) }}
                >
                  {application.next_statuses.map((value) => (
                    <option key={value} value={value}>
                      {t(`statuses.${value}`)}
                    </option>
                  ))}
                </Select>
                {statusForm.formError && <FormAlert severity="error" message={statusForm.formError} />}
                <Button type="submit" priority="secondary">
                  {t("applications.changeStatus")}
                </Button>
              </form>
            )}
          </div>
        </div>
      </div>
    </article>
  );
}
