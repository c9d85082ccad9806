import type { TFunction } from "i18next";
import { ApiError } from "./api";

/** An error as a form shows it: next to `field` when it names one of the
 * form's fields, above the form otherwise. */
export type ShownError = { field: string | null; message: string };

/**
 * Turns an API error into what a form shows. `fields` maps the API's
 * parameter names to the form's fields (`{ rome: "job", postcode: "place" }`);
 * a parameter the form does not have is shown above the form.
 *
 * The message is the translation of `errors.<code>.<field>`, else of
 * `errors.<code>`, else the API's own sentence, which names the problem
 * precisely (in English).
 */
export function showError(
  error: unknown,
  t: TFunction,
  fields: Record<string, string> = {},
): ShownError {
  if (!(error instanceof ApiError)) {
    return { field: null, message: t("errors.unexpected") };
  }
  const field = error.field ? (fields[error.field] ?? null) : null;
  const keys = [
    ...(error.field ? [`errors.${error.code}.${error.field}`] : []),
    `errors.${error.code}._`,
  ];
  for (const key of keys) {
    if (i18nHas(t, key)) {
      return { field, message: t(key) };
    }
  }
  return { field, message: error.message || t("errors.unexpected") };
}

function i18nHas(t: TFunction, key: string): boolean {
  return t(key, { defaultValue: "\u0000" }) !== "\u0000";
}
