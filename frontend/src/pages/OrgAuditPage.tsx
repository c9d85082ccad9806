import { useTranslation } from "react-i18next";
import { OrgArea } from "../components/OrgArea";
import { AuditLog } from "../components/AuditLog";

/** /structures/:org/journal: who did what in the organisation, newest
 * first. */
export function OrgAuditPage() {
  const { t } = useTranslation();
  return (
    <OrgArea title={t("audit.title")}>
      {(organisation) => <AuditLog path={`/api/v1/orgs/${organisation.id}/audit`} />}
    </OrgArea>
  );
}
