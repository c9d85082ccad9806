import { useTranslation } from "react-i18next";
import { PlatformArea } from "../components/PlatformArea";
import { AuditLog } from "../components/AuditLog";

/** /administration/journal: the whole audit log, every organisation's
 * (platform admin). */
export function PlatformAuditPage() {
  const { t } = useTranslation();
  return (
    <PlatformArea title={t("platform.audit.title")}>
      <AuditLog path="/api/v1/audit" showOrganisation />
    </PlatformArea>
  );
}
