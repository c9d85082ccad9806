import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { api, type Person } from "../lib/api";
import { useFormErrors } from "../lib/useForm";
import { FormAlert } from "./FormAlert";
import { StaffSelect } from "./StaffSelect";

type Props = {
  org: string;
  seeker: string;
  /** The current referent's id, if any. */
  current: string | null;
  onTransferred: (referent: Person) => void;
};

/** An org admin hands a seeker over to another active member of the
 * staff, say when their counsellor leaves. */
export function TransferSeeker({ org, seeker, current, onTransferred }: Props) {
  const { t } = useTranslation();
  const [referent, setReferent] = useState(current ?? "");
  const [done, setDone] = useState<string | null>(null);
  const form = useFormErrors({ referent: "transfer-referent" });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    if (!referent) {
      form.refuse("transfer-referent", t("transfer.errors.referent"));
      return;
    }
    form.reset();
    try {
      const moved = await api.post<{ referent: Person | null }>(`/api/v1/orgs/${org}/seekers/${seeker}/transfer`, { referent });
      if (moved.referent) {
        onTransferred(moved.referent);
        setDone(moved.referent.name);
      }
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="transfer-heading" className="fr-mt-4w">
      <h2 id="transfer-heading" className="fr-h4">
        {t("transfer.heading")}
      </h2>
      <StaffSelect
        org={org}
        form={form}
        id="transfer-referent"
        label={t("transfer.referent")}
        hint={t("transfer.hint")}
        none={t("transfer.choose")}
        value={referent}
        onChange={setReferent}
      />
      {form.formError && <FormAlert severity="error" message={form.formError} />}
      {done && <FormAlert severity="success" message={t("transfer.done", { name: done })} />}
      <Button type="submit" priority="secondary">
        {t("transfer.submit")}
      </Button>
    </form>
  );
}
