import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useParams } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Download } from "@codegouvfr/react-dsfr/Download";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { api, type Note, type SeekerDetail } from "../lib/api";
import { useAuth } from "../lib/auth";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { usePageTitle } from "../lib/usePageTitle";
import { FormAlert } from "../components/FormAlert";
import { TransferSeeker } from "../components/TransferSeeker";
import { orgAccess } from "../components/OrgArea";

/** /structures/:org/personnes/:seeker: one seeker as their counsellors
 * see them, with the notes about them. */
export function SeekerDetailPage() {
  const { t, i18n } = useTranslation();
  const { org = "", seeker = "" } = useParams();
  const { me } = useAuth();
  const location = useLocation();
  const profileSaved = (location.state as { profileSaved?: boolean } | null)?.profileSaved ?? false;
  const [detail, setDetail] = useState<SeekerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [body, setBody] = useState("");
  const [visibility, setVisibility] = useState<"private" | "shared">("private");
  const [saved, setSaved] = useState(false);
  const form = useFormErrors({ body: "note-body", visibility: "note-visibility" });
  usePageTitle(detail ? t("seeker.titleWith", { name: detail.seeker.user.name }) : t("seeker.title"));
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "long" }), [i18n.resolvedLanguage]);

  useEffect(() => {
    if (!me) return;
    api
      .get<SeekerDetail>(`/api/v1/orgs/${org}/seekers/${seeker}`)
      .then(setDetail)
      .catch((err) => setError(showError(err, t).message));
  }, [me, org, seeker, t]);

  if (me === undefined) return <p role="status">{t("app.loading")}</p>;
  if (me === null) return <Navigate to="/connexion" replace state={{ from: location.pathname }} />;

  async function addNote(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!body.trim()) {
      form.reset({ "note-body": t("seeker.errors.body") });
      document.getElementById("note-body")?.focus();
      return;
    }
    form.reset();
    try {
      const note = await api.post<Note>(`/api/v1/orgs/${org}/seekers/${seeker}/notes`, { body: body.trim(), visibility });
      setDetail((current) => (current ? { ...current, notes: [note, ...current.notes] } : current));
      setBody("");
      setSaved(true);
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <>
      <p>
        <Link to={`/structures/${org}/accompagnement`} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          {t("seeker.back")}
        </Link>
      </p>
      {error && <FormAlert severity="error" message={error} />}
      {!detail && !error && <p role="status">{t("app.loading")}</p>}
      {detail && (
        <>
          <h1>{detail.seeker.user.name}</h1>
          <p>
            {detail.seeker.user.email} — {t("seeker.joined", { date: dateFormat.format(new Date(detail.seeker.joined_at)) })} —{" "}
            {t("seeker.referent", { name: detail.seeker.referent?.name ?? t("caseload.noReferent") })}
          </p>
          <h2 className="fr-h4 fr-mt-4w">{t("seeker.profile")}</h2>
          {profileSaved && <FormAlert severity="success" message={t("profile.saved")} />}
          {detail.profile ? (
            <p>
              {t("seeker.profileLine", {
                jobs: detail.profile.target_jobs.map((job) => job.label).join(", "),
                place: detail.profile.place.name,
                reach: detail.profile.reach_km,
              })}
            </p>
          ) : (
            <p>{t("seeker.noProfile")}</p>
          )}
          <p>
            <Link to={`/structures/${org}/personnes/${seeker}/profil`} className="fr-link fr-icon-edit-line fr-link--icon-left">
              {t(detail.profile ? "profile.edit" : "profile.fill")}
            </Link>
          </p>

          <Download
            label={t("seeker.download")}
            details={t("seeker.downloadDetails")}
            linkProps={{ to: `/api/v1/orgs/${org}/seekers/${seeker}/export`, reloadDocument: true, download: true }}
          />

          {orgAccess(me, org) === "admin" && (
            <TransferSeeker
              org={org}
              seeker={seeker}
              current={detail.seeker.referent?.id ?? null}
              onTransferred={(referent) =>
                setDetail((current) => (current ? { ...current, seeker: { ...current.seeker, referent } } : current))
              }
            />
          )}

          <h2 className="fr-h4 fr-mt-4w">{t("seeker.applications")}</h2>
          {detail.applications.length === 0 ? (
            <p>{t("seeker.noApplication")}</p>
          ) : (
            <ul data-testid="seeker-applications">
              {detail.applications.map((application) => (
                <li key={application.siret}>
                  <strong>{application.company ? application.company.trade_name || application.company.name : application.siret}</strong>
                  {" — "}
                  {t(`statuses.${application.status}`, { defaultValue: application.status })}
                  {" — "}
                  {t("seeker.contactCount", { count: application.contacts.length })}
                </li>
              ))}
            </ul>
          )}

          <h2 className="fr-h4 fr-mt-4w" id="notes-heading">
            {t("seeker.notes")}
          </h2>
          <form onSubmit={addNote} noValidate aria-labelledby="notes-heading">
            <Input
              textArea
              label={t("seeker.noteBody")}
              {...form.state("note-body")}
              nativeTextAreaProps={{
                id: "note-body",
                value: body,
                maxLength: 5000,
                "aria-invalid": form.invalid("note-body"),
                onChange: (event) => setBody(event.target.value),
              }}
            />
            <RadioButtons
              legend={t("seeker.visibility")}
              orientation="horizontal"
              options={(["private", "shared"] as const).map((value) => ({
                label: t(`seeker.visibilities.${value}`),
                nativeInputProps: {
                  name: "note-visibility",
                  value,
                  checked: visibility === value,
                  onChange: () => setVisibility(value),
                },
              }))}
            />
            {form.formError && <FormAlert severity="error" message={form.formError} />}
            {saved && <FormAlert severity="success" message={t("seeker.noteSaved")} />}
            <Button type="submit">{t("seeker.addNote")}</Button>
          </form>
          {detail.notes.length > 0 && (
            <ul className="fr-mt-3w" data-testid="seeker-notes">
              {detail.notes.map((note) => (
                <li key={note.id} className="fr-mb-2w">
                  <p className="fr-mb-0">{note.body}</p>
                  <p className="fr-text--xs fr-mb-0">
                    {t("seeker.noteLine", {
                      author: note.author?.name ?? "—",
                      date: dateFormat.format(new Date(note.created_at)),
                      visibility: t(`seeker.visibilities.${note.visibility}`),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
