import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api, ORGANISATION_KINDS, type Organisation } from "../lib/api";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { FormAlert } from "../components/FormAlert";
import { PlatformArea } from "../components/PlatformArea";
import { DataTable } from "../components/DataTable";
import { FormInput, FormSelect } from "../components/FormFields";

/** /administration/structures: every organisation, and a form to create
 * one (platform admin). */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<{ organisations: Organisation[] }>("/api/v1/orgs")
      .then((found) => setOrganisations(found.organisations))
      .catch((err) => setError(showError(err, t).message));
  }, [t]);

  return (
    <PlatformArea title={t("platform.organisations.title")}>
      <section aria-labelledby="create-heading">
        <h2 id="create-heading" className="fr-h4">
          {t("platform.organisations.create")}
        </h2>
        <CreateOrganisation onCreated={(created) => setOrganisations((current) => [...(current ?? []), created])} />
      </section>
      <section aria-labelledby="organisations-heading" className="fr-mt-6w">
        <h2 id="organisations-heading" className="fr-h4">
          {t("platform.organisations.list")}
        </h2>
        {error && <FormAlert severity="error" message={error} />}
        {!organisations && !error && <p role="status">{t("app.loading")}</p>}
        {organisations && organisations.length === 0 && <p>{t("platform.organisations.none")}</p>}
        {organisations && organisations.length > 0 && (
          <DataTable caption={t("platform.organisations.caption", { count: organisations.length })} testId="organisations">
            <thead>
              <tr>
                <th scope="col">{t("platform.organisations.name")}</th>
                <th scope="col">{t("platform.organisations.kind")}</th>
                <th scope="col">{t("platform.organisations.departments")}</th>
                <th scope="col">{t("platform.organisations.siret")}</th>
                <th scope="col">{t("platform.organisations.state")}</th>
                <th scope="col">{t("platform.organisations.pages")}</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((organisation) => (
                <tr key={organisation.id} data-organisation={organisation.id}>
                  <th scope="row">{organisation.name}</th>
                  <td>{t(`platform.kinds.${organisation.kind}`, { defaultValue: organisation.kind })}</td>
                  <td>{organisation.departments.join(", ") || "—"}</td>
                  <td>{organisation.siret ?? "—"}</td>
                  <td>
                    <span className={`fr-badge fr-badge--sm ${organisation.archived ? "" : "fr-badge--success"}`}>
                      {t(organisation.archived ? "platform.organisations.archived" : "platform.organisations.open")}
                    </span>
                  </td>
                  <td>
                    <Link to={`/structures/${organisation.id}/membres`} title={t("platform.organisations.manage", { name: organisation.name })}>
                      {t("orgAdmin.pages.members")}
                    </Link>
                    {" · "}
                    <Link to={`/structures/${organisation.id}/reglages`} title={t("platform.organisations.settingsOf", { name: organisation.name })}>
                      {t("orgAdmin.pages.settings")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </PlatformArea>
  );
}

/** Name, kind, SIRET (optional) and departments of a new organisation. */
function CreateOrganisation({ onCreated }: { onCreated: (organisation: Organisation) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [kind, setKind] = useState("mission_locale");
  const [siret, setSiret] = useState("");
  const [departments, setDepartments] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const form = useFormErrors({ name: "new-org-name", kind: "new-org-kind", siret: "new-org-siret", departments: "new-org-departments" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    if (name.trim().length < 2) {
      form.refuse("new-org-name", t("platform.organisations.errors.name"));
      return;
    }
    form.reset();
    try {
      const organisation = await api.post<Organisation>("/api/v1/orgs", {
        name: name.trim(),
        kind,
        siret: siret.trim() || undefined,
        departments: departments
          .split(/[\s,;]+/)
          .map((code) => code.trim())
          .filter(Boolean),
      });
      onCreated(organisation);
      setCreated(organisation.name);
      setName("");
      setSiret("");
      setDepartments("");
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="create-heading">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <FormInput
            form={form}
            id="new-org-name"
            label={t("platform.organisations.name")}
            hint={t("platform.organisations.nameHint")}
            maxLength={120}
            value={name}
            onChange={setName}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <FormSelect form={form} id="new-org-kind" label={t("platform.organisations.kind")} value={kind} onChange={setKind}>
            {ORGANISATION_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`platform.kinds.${value}`)}
              </option>
            ))}
          </FormSelect>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <FormInput
            form={form}
            id="new-org-siret"
            label={t("platform.organisations.siretOptional")}
            hint={t("platform.organisations.siretHint")}
            inputMode="numeric"
            value={siret}
            onChange={setSiret}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <FormInput
            form={form}
            id="new-org-departments"
            label={t("platform.organisations.departments")}
            hint={t("platform.organisations.departmentsHint")}
            value={departments}
            onChange={setDepartments}
          />
        </div>
      </div>
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {created && <FormAlert severity="success" message={t("platform.organisations.created", { name: created })} />}
      <Button type="submit">{t("platform.organisations.submit")}</Button>
    </form>
  );
}
