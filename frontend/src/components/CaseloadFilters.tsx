import { useTranslation } from "react-i18next";
import { Select } from "@codegouvfr/react-dsfr/Select";

type Props = { id: string; value: string; onChange: (value: string) => void };

/** Whose seekers: the default of one's role, one's own, or everyone's
 * (the caseload's `scope`). */
export function ScopeSelect({ id, value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Select label={t("caseload.scope")} nativeSelectProps={{ id, value, onChange: (event) => onChange(event.target.value) }}>
      <option value="">{t("caseload.scopes.default")}</option>
      <option value="mine">{t("caseload.scopes.mine")}</option>
      <option value="all">{t("caseload.scopes.all")}</option>
    </Select>
  );
}

/** Any seeker, only the stalled ones, or only the active ones (the
 * caseload's `stalled`). */
export function StalledSelect({ id, value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <Select label={t("caseload.stalled")} nativeSelectProps={{ id, value, onChange: (event) => onChange(event.target.value) }}>
      <option value="">{t("caseload.stalledAny")}</option>
      <option value="true">{t("caseload.stalledOnly")}</option>
      <option value="false">{t("caseload.stalledNot")}</option>
    </Select>
  );
}
