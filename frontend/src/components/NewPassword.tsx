import { useTranslation } from "react-i18next";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";

export const MIN_PASSWORD_LENGTH = 12;

/** A new password, with the rule it must follow and the error, if any. */
export function NewPassword({
  id,
  value,
  onChange,
  error,
  label,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const long = value.length >= MIN_PASSWORD_LENGTH;
  return (
    <PasswordInput
      label={label ?? t("password.new")}
      messagesHint={t("password.rulesHint")}
      messages={[
        {
          message: t("password.ruleLength", { count: MIN_PASSWORD_LENGTH }),
          severity: value === "" ? "info" : long ? "valid" : "error",
        },
        { message: t("password.ruleGuess"), severity: "info" },
        ...(error ? [{ message: error, severity: "error" as const }] : []),
      ]}
      nativeInputProps={{
        id,
        "aria-invalid": error ? true : undefined,
        autoComplete: "new-password",
        value,
        onChange: (event) => onChange(event.target.value),
      }}
    />
  );
}
