import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Caseload, type Member, type Organisation } from "../lib/api";
import { OrgArea } from "../components/OrgArea";
import { AuditLog } from "../components/AuditLog";

/** /structures/:org/journal: who did what in the organisation, newest
 * first. */
export function OrgAuditPage() {
  const { t } = useTranslation();
  return <OrgArea title={t("audit.title")}>{(organisation) => <OrgAudit organisation={organisation} />}</OrgArea>;
}

/** The log names members and seekers by id: their names, read from the
 * members and the caseload (its first 100 seekers). */
function OrgAudit({ organisation }: { organisation: Organisation }) {
  const [people, setPeople] = useState<Record<string, string>>({});
  useEffect(() => {
    const org = organisation.id;
    Promise.all([
      api.get<{ members: Member[] }>(`/api/v1/orgs/${org}/members`),
      api.get<Caseload>(`/api/v1/orgs/${org}/seekers`, { scope: "all", limit: 100 }),
    ])
      .then(([found, caseload]) =>
        setPeople(
          Object.fromEntries([
            ...found.members.map((member) => [member.user.id, member.user.name]),
            ...caseload.seekers.map((seeker) => [seeker.id, seeker.user.name]),
          ]),
        ),
      )
      // Without names, the log still reads, with ids.
      .catch(() => setPeople({}));
  }, [organisation.id]);
  return <AuditLog path={`/api/v1/orgs/${organisation.id}/audit`} people={people} />;
}
