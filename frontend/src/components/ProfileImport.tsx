import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Upload } from "@codegouvfr/react-dsfr/Upload";
import { api, type Profile } from "../lib/api";
import { importError, importType } from "../lib/profileImport";
import { FormAlert } from "./FormAlert";

const INPUT_ID = "profile-import-file";

/**
 * A profile from a file (`POST …/profile/import`, docs/profile.md): a
 * one-row CSV or a JSON document. A refusal is said under the input,
 * with the row and column (or the field) the API names.
 */
export function ProfileImport({ path, onImported }: { path: string; onImported: (profile: Profile) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function refuse(message: string) {
    setError(message);
    setDone(null);
    input.current?.focus();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return refuse(t("profileImport.noFile"));
    const type = importType(file);
    if (!type) return refuse(t("profileImport.wrongType"));
    setBusy(true);
    try {
      const profile = await api.upload<Profile>(`${path}/import`, file, type);
      setError(null);
      setDone(t("profileImport.done", { file: file.name }));
      if (input.current) input.current.value = "";
      onImported(profile);
    } catch (err) {
      refuse(importError(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="fr-mt-6w fr-mb-4w" aria-labelledby="profile-import-heading">
      <h2 className="fr-h5" id="profile-import-heading">
        {t("profileImport.heading")}
      </h2>
      <p>{t("profileImport.intro")}</p>
      {done && <FormAlert severity="success" message={done} />}
      <form onSubmit={onSubmit} noValidate>
        <Upload
          label={t("profileImport.label")}
          hint={t("profileImport.hint")}
          state={error ? "error" : "default"}
          stateRelatedMessage={error ?? undefined}
          nativeInputProps={{
            id: INPUT_ID,
            ref: input,
            accept: ".csv,.json,text/csv,application/json",
            "aria-invalid": error ? true : undefined,
            onChange: () => setError(null),
          }}
        />
        <Button type="submit" priority="secondary" className="fr-mt-2w" disabled={busy}>
          {t("profileImport.submit")}
        </Button>
      </form>
    </section>
  );
}
