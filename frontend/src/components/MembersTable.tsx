import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api, STAFF_ROLES, type Member } from "../lib/api";
import { showError } from "../lib/errors";
import { DataTable } from "./DataTable";

type Props = {
  org: string;
  members: Member[];
  /** The signed-in person's id: their own row says so. */
  myId: string;
  /** A member as the API answers after a change. */
  onChanged: (member: Member) => void;
  /** Asks to confirm before deactivating. */
  onDeactivate: (member: Member) => void;
};

/** The organisation's staff, each with their role to change, and a button
 * to deactivate or reactivate them. A refusal is shown under the row's
 * role. */
export function MembersTable({ org, members, myId, onChanged, onDeactivate }: Props) {
  const { t, i18n } = useTranslation();
  const [roles, setRoles] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium" }), [i18n.resolvedLanguage]);

  function fieldId(member: Member) {
    return `member-role-${member.user.id}`;
  }

  async function run(member: Member, change: () => Promise<Member>) {
    setErrors((current) => ({ ...current, [member.user.id]: "" }));
    setSaved(null);
    try {
      const updated = await change();
      onChanged(updated);
      setSaved(member.user.id);
    } catch (err) {
      setErrors((current) => ({ ...current, [member.user.id]: showError(err, t).message }));
      document.getElementById(fieldId(member))?.focus();
    }
  }

  function changeRole(member: Member) {
    const role = roles[member.user.id] ?? member.role;
    void run(member, () => api.patch<Member>(`/api/v1/orgs/${org}/members/${member.user.id}`, { role }));
  }

  function reactivate(member: Member) {
    void run(member, () => api.post<Member>(`/api/v1/orgs/${org}/members/${member.user.id}/reactivate`));
  }

  return (
    <DataTable caption={t("members.caption", { count: members.length })} testId="members">
      <thead>
        <tr>
          <th scope="col">{t("members.columns.name")}</th>
          <th scope="col">{t("members.columns.role")}</th>
          <th scope="col">{t("members.columns.state")}</th>
          <th scope="col">{t("members.columns.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const id = member.user.id;
          const error = errors[id];
          return (
            <tr key={id} data-member={id}>
              <th scope="row">
                {member.user.name}
                {id === myId && <> {t("members.you")}</>}
                <br />
                <span className="fr-text--xs">{member.user.email}</span>
                <br />
                <span className="fr-text--xs">{t("members.since", { date: dateFormat.format(new Date(member.since)) })}</span>
              </th>
              <td className="relais-cell-wrap">
                <div className={`fr-select-group fr-mb-1w ${error ? "fr-select-group--error" : ""}`}>
                  <label className="fr-label fr-sr-only" htmlFor={fieldId(member)}>
                    {t("members.roleOf", { name: member.user.name })}
                  </label>
                  <select
                    className="fr-select relais-compact"
                    id={fieldId(member)}
                    value={roles[id] ?? member.role}
                    disabled={!member.active}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${fieldId(member)}-error` : undefined}
                    onChange={(event) => setRoles((current) => ({ ...current, [id]: event.target.value }))}
                  >
                    {STAFF_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`members.roles.${role}`)}
                      </option>
                    ))}
                  </select>
                  {error && (
                    <p id={`${fieldId(member)}-error`} className="fr-error-text">
                      {error}
                    </p>
                  )}
                </div>
                {member.active && (
                  <Button
                    size="small"
                    priority="secondary"
                    onClick={() => changeRole(member)}
                    title={t("members.changeRoleOf", { name: member.user.name })}
                  >
                    {t("members.changeRole")}
                  </Button>
                )}
                {saved === id && (
                  <p className="fr-message fr-message--valid" role="status">
                    {t("members.saved")}
                  </p>
                )}
              </td>
              <td>
                <span className={`fr-badge fr-badge--sm ${member.active ? "fr-badge--success" : ""}`}>
                  {t(member.active ? "members.active" : "members.inactive")}
                </span>
              </td>
              <td>
                <Button
                  size="small"
                  priority="tertiary"
                  onClick={() => (member.active ? onDeactivate(member) : reactivate(member))}
                  title={t(member.active ? "members.deactivateOf" : "members.reactivateOf", { name: member.user.name })}
                >
                  {t(member.active ? "members.deactivate" : "members.reactivate")}
                </Button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
