import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { api, type Organisation, type OrganisationSettings } from "../lib/api";
import { useAuth } from "../lib/auth";
import { showError } from "../lib/errors";
import { useModalOpener } from "../lib/useModalOpener";
import { useFormErrors } from "../lib/useForm";
import { FormAlert } from "../components/FormAlert";
import { OrgArea } from "../components/OrgArea";
import { FormInput } from "../components/FormFields";

/** The numeric settings, with the range the API accepts. */
const NUMBERS = [
  { key: "reminder_delay_days", min: 1, max: 60 },
  { key: "follow_up_delay_days", min: 1, max: 60 },
  { key: "reminder_max_rounds", min: 1, max: 10 },
  { key: "stalled_after_days", min: 1, max: 365 },
  { key: "retention_months", min: 1, max: 120 },
] as const;
const SWITCHES = ["coach_reminders", "coach_nudges", "coach_digests"] as const;

type NumberKey = (typeof NUMBERS)[number]["key"];
type SwitchKey = (typeof SWITCHES)[number];

const archiveModal = createModal({ id: "organisation-archive", isOpenedByDefault: false });

const fieldId = (key: string) => `settings-${key}`;
const FIELDS = Object.fromEntries([...NUMBERS.map((n) => n.key), "sender_name"].map((key) => [key, fieldId(key)]));

/** /structures/:org/reglages: how the coach writes, when a seeker counts as
 * stalled, how long data is kept; the platform admin also renames. */
export function OrgSettingsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <OrgArea title={t("settings.title")}>
      {(organisation, replace) => (
        <>
          {me?.is_platform_admin && <RenameForm organisation={organisation} onSaved={replace} />}
          <SettingsForm organisation={organisation} onSaved={replace} />
          {me?.is_platform_admin && <ArchiveOrganisation organisation={organisation} onArchived={replace} />}
        </>
      )}
    </OrgArea>
  );
}

function SettingsForm({ organisation, onSaved }: { organisation: Organisation; onSaved: (o: Organisation) => void }) {
  const { t } = useTranslation();
  const initial = organisation.settings;
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>(
    () => Object.fromEntries(NUMBERS.map(({ key }) => [key, String(initial[key])])) as Record<NumberKey, string>,
  );
  const [switches, setSwitches] = useState<Record<SwitchKey, boolean>>(
    () => Object.fromEntries(SWITCHES.map((key) => [key, initial[key] ?? true])) as Record<SwitchKey, boolean>,
  );
  const [senderName, setSenderName] = useState(initial.sender_name ?? "");
  const [saved, setSaved] = useState(false);
  const form = useFormErrors(FIELDS);

  /** Refuses the first number out of its range, named in words. */
  function checkNumbers(): boolean {
    for (const { key, min, max } of NUMBERS) {
      const value = numbers[key].trim();
      const number = Number(value);
      if (!/^\d+$/.test(value) || number < min || number > max) {
        return form.refuse(fieldId(key), t("settings.errors.range", { field: t(`settings.fields.${key}`), min, max }));
      }
    }
    return true;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!checkNumbers()) return;
    form.reset();
    const settings: OrganisationSettings = {
      ...(Object.fromEntries(NUMBERS.map(({ key }) => [key, Number(numbers[key])])) as Record<NumberKey, number>),
      ...switches,
      sender_name: senderName.trim() || null,
    };
    try {
      onSaved(await api.put<Organisation>(`/api/v1/orgs/${organisation.id}/settings`, settings));
      setSaved(true);
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading" className="fr-h4">
        {t("settings.heading")}
      </h2>
      <FormInput
        form={form}
        id={fieldId("sender_name")}
        label={t("settings.fields.sender_name")}
        hint={t("settings.hints.sender_name")}
        maxLength={80}
        value={senderName}
        onChange={setSenderName}
      />
      {NUMBERS.map(({ key, min, max }) => (
        <FormInput
          key={key}
          form={form}
          id={fieldId(key)}
          label={t(`settings.fields.${key}`)}
          hint={t(`settings.hints.${key}`, { min, max })}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={numbers[key]}
          onChange={(value) => setNumbers((current) => ({ ...current, [key]: value }))}
        />
      ))}
      <Checkbox
        legend={t("settings.coach")}
        options={SWITCHES.map((key) => ({
          label: t(`settings.fields.${key}`),
          nativeInputProps: {
            name: key,
            checked: switches[key],
            onChange: (event) => setSwitches((current) => ({ ...current, [key]: event.target.checked })),
          },
        }))}
      />
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {saved && <FormAlert severity="success" message={t("settings.saved")} />}
      <Button type="submit">{t("settings.submit")}</Button>
    </form>
  );
}

/** The platform admin renames the organisation. */
function RenameForm({ organisation, onSaved }: { organisation: Organisation; onSaved: (o: Organisation) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(organisation.name);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors({ name: "org-name" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (name.trim().length < 2) {
      form.refuse("org-name", t("platform.organisations.errors.name"));
      return;
    }
    form.reset();
    try {
      onSaved(await api.patch<Organisation>(`/api/v1/orgs/${organisation.id}`, { name: name.trim() }));
      setSaved(true);
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="rename-heading" className="fr-mb-6w">
      <h2 id="rename-heading" className="fr-h4">
        {t("settings.renameHeading")}
      </h2>
      <FormInput form={form} id="org-name" label={t("platform.organisations.name")} maxLength={120} value={name} onChange={setName} />
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {saved && <FormAlert severity="success" message={t("settings.renamed")} />}
      <Button type="submit" priority="secondary">
        {t("settings.rename")}
      </Button>
    </form>
  );
}

/** The platform admin archives the organisation, once confirmed: its
 * members no longer reach it and it takes no one in. */
function ArchiveOrganisation({ organisation, onArchived }: { organisation: Organisation; onArchived: (o: Organisation) => void }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const openArchive = useModalOpener(archiveModal);

  async function archive() {
    try {
      onArchived(await api.post<Organisation>(`/api/v1/orgs/${organisation.id}/archive`));
      setNotice({ severity: "success", message: t("settings.archived", { name: organisation.name }) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  return (
    <section aria-labelledby="archive-heading" className="fr-mt-6w">
      <h2 id="archive-heading" className="fr-h4">
        {t("settings.archiveHeading")}
      </h2>
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      {organisation.archived ? (
        <p>{t("settings.isArchived")}</p>
      ) : (
        <>
          <p>{t("settings.archiveText")}</p>
          <Button priority="tertiary" onClick={openArchive}>
            {t("settings.archive")}
          </Button>
        </>
      )}
      <archiveModal.Component
        title={t("settings.archiveConfirmTitle", { name: organisation.name })}
        buttons={[
          { children: t("members.cancel"), priority: "secondary", doClosesModal: true },
          { children: t("settings.archive"), onClick: () => void archive(), doClosesModal: true },
        ]}
      >
        {t("settings.archiveText")}
      </archiveModal.Component>
    </section>
  );
}
