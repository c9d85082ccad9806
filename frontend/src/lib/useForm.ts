import { useState } from "react";
import { useTranslation } from "react-i18next";
import { showError } from "./errors";

/**
 * The error state of a form that posts to the API: one message per field
 * it names, or one for the whole form.
 */
export function useFormErrors(fields: Record<string, string>) {
  const { t } = useTranslation();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function fail(error: unknown) {
    const shown = showError(error, t, fields);
    if (shown.field) {
      setFieldErrors({ [shown.field]: shown.message });
      setFormError(null);
      focusField(shown.field);
    } else {
      setFieldErrors({});
      setFormError(shown.message);
    }
  }

  function reset(errors: Record<string, string> = {}) {
    setFieldErrors(errors);
    setFormError(null);
  }

  /** Refuses what the form holds before sending it: `message` under
   * `field`, which takes the focus. Returns false, for `return refuse(…)`. */
  function refuse(field: string, message: string): false {
    reset({ [field]: message });
    focusField(field);
    return false;
  }

  /** The props of a DSFR field for `field`. */
  function state(field: string) {
    const message = fieldErrors[field];
    return message
      ? { state: "error" as const, stateRelatedMessage: message }
      : { state: "default" as const };
  }

  /** `aria-invalid` for the native input of `field`. */
  function invalid(field: string): true | undefined {
    return fieldErrors[field] ? true : undefined;
  }

  return { fieldErrors, formError, fail, reset, refuse, state, invalid };
}

/** Puts the focus on a field, found by its id or else by its name. */
export function focusField(field: string) {
  const element =
    document.getElementById(field) ?? document.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
  element?.focus();
}
