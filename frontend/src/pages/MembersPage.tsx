import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { api, ApiError, STAFF_ROLES, type Invitation, type Member, type Organisation } from "../lib/api";
import { useAuth } from "../lib/auth";
import { useModalOpener } from "../lib/useModalOpener";
import { showError } from "../lib/errors";
import { useFormErrors } from "../lib/useForm";
import { FormAlert } from "../components/FormAlert";
import { OrgArea } from "../components/OrgArea";
import { MembersTable } from "../components/MembersTable";
import { DataTable } from "../components/DataTable";
import { FormInput, FormSelect } from "../components/FormFields";

/** The refusals of an invitation that concern its address. */
const ADDRESS_TAKEN = ["already_member", "already_invited"];

const deactivateModal = createModal({ id: "member-deactivate", isOpenedByDefault: false });

/** /structures/:org/membres: the staff, their roles, and the invitations. */
export function MembersPage() {
  const { t } = useTranslation();
  return <OrgArea title={t("members.title")}>{(organisation) => <Members organisation={organisation} />}</OrgArea>;
}

function Members({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const org = organisation.id;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const [leaving, setLeaving] = useState<Member | null>(null);
  const openDeactivate = useModalOpener(deactivateModal);

  const load = useCallback(() => {
    Promise.all([
      api.get<{ members: Member[] }>(`/api/v1/orgs/${org}/members`),
      api.get<{ invitations: Invitation[] }>(`/api/v1/orgs/${org}/invitations`),
    ])
      .then(([found, invited]) => {
        setMembers(found.members);
        setInvitations(invited.invitations);
      })
      .catch((err) => setError(showError(err, t).message));
  }, [org, t]);

  useEffect(load, [load]);

  function replaceMember(member: Member) {
    setMembers((current) => current?.map((m) => (m.user.id === member.user.id ? member : m)) ?? null);
  }

  function replaceInvitation(invitation: Invitation) {
    setInvitations((current) => current?.map((i) => (i.id === invitation.id ? invitation : i)) ?? null);
  }

  async function deactivate() {
    const member = leaving;
    if (!member) return;
    try {
      replaceMember(await api.post<Member>(`/api/v1/orgs/${org}/members/${member.user.id}/deactivate`));
      setNotice({ severity: "success", message: t("members.deactivated", { name: member.user.name }) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  return (
    <>
      {error && <FormAlert severity="error" message={error} />}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading" className="fr-h4">
          {t("members.heading")}
        </h2>
        {notice && <FormAlert severity={notice.severity} message={notice.message} />}
        {!members && !error && <p role="status">{t("app.loading")}</p>}
        {members && (
          <MembersTable
            org={org}
            members={members}
            myId={me?.user.id ?? ""}
            onChanged={replaceMember}
            onDeactivate={(member) => {
              setNotice(null);
              setLeaving(member);
              openDeactivate();
            }}
          />
        )}
      </section>
      <deactivateModal.Component
        title={t("members.confirmTitle")}
        buttons={[
          { children: t("members.cancel"), priority: "secondary", doClosesModal: true },
          { children: t("members.confirm"), onClick: () => void deactivate(), doClosesModal: true },
        ]}
      >
        {leaving && t("members.confirmText", { name: leaving.user.name, organisation: organisation.name })}
      </deactivateModal.Component>

      <section aria-labelledby="invite-heading" className="fr-mt-6w">
        <h2 id="invite-heading" className="fr-h4">
          {t("members.inviteHeading")}
        </h2>
        <InviteStaff org={org} onInvited={(invitation) => setInvitations((current) => [invitation, ...(current ?? [])])} />
      </section>

      <section aria-labelledby="invitations-heading" className="fr-mt-6w">
        <h2 id="invitations-heading" className="fr-h4">
          {t("invitations.heading")}
        </h2>
        {invitations && <InvitationsTable org={org} invitations={invitations} onChanged={replaceInvitation} />}
      </section>
    </>
  );
}

/** Invites a counsellor or an org admin by email. */
function InviteStaff({ org, onInvited }: { org: string; onInvited: (invitation: Invitation) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("counsellor");
  const [sent, setSent] = useState<string | null>(null);
  const form = useFormErrors({ email: "staff-email", role: "staff-role" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    if (!email.trim()) {
      form.refuse("staff-email", t("members.errors.email"));
      return;
    }
    form.reset();
    try {
      const invitation = await api.post<Invitation>(`/api/v1/orgs/${org}/invitations`, { email: email.trim(), role });
      onInvited(invitation);
      setSent(invitation.email);
      setEmail("");
    } catch (err) {
      // The API names no field when the address is already here: it is
      // the address that is wrong.
      if (err instanceof ApiError && ADDRESS_TAKEN.includes(err.code)) form.refuse("staff-email", showError(err, t).message);
      else form.fail(err);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="invite-heading">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <FormInput
            form={form}
            id="staff-email"
            label={t("members.inviteEmail")}
            hint={t("members.inviteHint")}
            type="email"
            autoComplete="off"
            value={email}
            onChange={setEmail}
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <FormSelect form={form} id="staff-role" label={t("members.inviteRole")} value={role} onChange={setRole}>
            {STAFF_ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`members.roles.${value}`)}
              </option>
            ))}
          </FormSelect>
        </div>
      </div>
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {sent && <FormAlert severity="success" message={t("caseload.inviteSent", { email: sent })} />}
      <Button type="submit">{t("caseload.inviteSubmit")}</Button>
    </form>
  );
}

/** The invitations, newest first: resend a pending or revoked one, revoke a
 * pending one. */
function InvitationsTable({
  org,
  invitations,
  onChanged,
}: {
  org: string;
  invitations: Invitation[];
  onChanged: (invitation: Invitation) => void;
}) {
  const { t, i18n } = useTranslation();
  const [notice, setNotice] = useState<{ severity: "success" | "error"; message: string } | null>(null);
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: "medium" }), [i18n.resolvedLanguage]);

  async function act(invitation: Invitation, action: "resend" | "revoke") {
    setNotice(null);
    try {
      const path = `/api/v1/orgs/${org}/invitations/${invitation.id}`;
      const updated =
        action === "resend" ? await api.post<Invitation>(`${path}/resend`) : await api.delete<Invitation>(path);
      onChanged(updated);
      setNotice({ severity: "success", message: t(action === "resend" ? "invitations.resent" : "invitations.revoked", { email: invitation.email }) });
    } catch (err) {
      setNotice({ severity: "error", message: showError(err, t).message });
    }
  }

  if (invitations.length === 0) return <p>{t("invitations.none")}</p>;
  return (
    <>
      {notice && <FormAlert severity={notice.severity} message={notice.message} />}
      <DataTable caption={t("invitations.caption", { count: invitations.length })} testId="invitations">
        <thead>
          <tr>
            <th scope="col">{t("invitations.columns.email")}</th>
            <th scope="col">{t("invitations.columns.role")}</th>
            <th scope="col">{t("invitations.columns.state")}</th>
            <th scope="col">{t("invitations.columns.expires")}</th>
            <th scope="col">{t("invitations.columns.invitedBy")}</th>
            <th scope="col">{t("invitations.columns.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id} data-invitation={invitation.id}>
              <th scope="row">{invitation.email}</th>
              <td>{t(`members.roles.${invitation.role}`, { defaultValue: invitation.role })}</td>
              <td>
                <span className="fr-badge fr-badge--sm" data-testid="invitation-state">
                  {t(`invitations.states.${invitation.state}`)}
                </span>
              </td>
              <td>{dateFormat.format(new Date(invitation.expires_at))}</td>
              <td>
                {invitation.invited_by?.name ?? "—"}
                {invitation.send_count > 1 && (
                  <>
                    <br />
                    <span className="fr-text--xs">{t("invitations.sent", { count: invitation.send_count })}</span>
                  </>
                )}
              </td>
              <td>
                {invitation.state !== "accepted" && (
                  <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                    <li>
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() => void act(invitation, "resend")}
                        title={t("invitations.resendTo", { email: invitation.email })}
                      >
                        {t("invitations.resend")}
                      </Button>
                    </li>
                    {invitation.state === "pending" && (
                      <li>
                        <Button
                          size="small"
                          priority="tertiary"
                          onClick={() => void act(invitation, "revoke")}
                          title={t("invitations.revokeTo", { email: invitation.email })}
                        >
                          {t("invitations.revoke")}
                        </Button>
                      </li>
                    )}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
