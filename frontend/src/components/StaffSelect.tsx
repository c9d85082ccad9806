import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member } from "../lib/api";
import type { useFormErrors } from "../lib/useForm";
import { FormSelect } from "./FormFields";

type Props = {
  org: string;
  form: ReturnType<typeof useFormErrors>;
  id: string;
  label: string;
  hint?: string;
  /** The first option, for no one chosen. */
  none: string;
  value: string;
  onChange: (value: string) => void;
};

/** A choice among the organisation's active staff, the referents a seeker
 * may have. */
export function StaffSelect({ org, form, id, label, hint, none, value, onChange }: Props) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<Member[]>([]);

  useEffect(() => {
    api
      .get<{ members: Member[] }>(`/api/v1/orgs/${org}/members`)
      .then((found) => setStaff(found.members.filter((member) => member.active)))
      .catch((err) => form.fail(err));
    // The staff of the organisation, read once: `form` changes every render.
  }, [org]);

  return (
    <FormSelect form={form} id={id} label={label} hint={hint} value={value} onChange={onChange}>
      <option value="">{none}</option>
      {staff.map((member) => (
        <option key={member.user.id} value={member.user.id}>
          {member.user.name} — {t(`members.roles.${member.role}`)}
        </option>
      ))}
    </FormSelect>
  );
}
