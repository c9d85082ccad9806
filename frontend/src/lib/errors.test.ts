import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { showError } from "./errors";
import { createI18n } from "./i18n";
import { FIELD_OF_PARAMETER } from "./search";

describe("showError", () => {
  const fr = createI18n("fr").t;
  const en = createI18n("en").t;

  it("puts a parameter's error on the form field it belongs to, in the reader's language", () => {
    const error = new ApiError(400, "unknown_code", "no commune has the postcode 99999", "postcode");
    expect(showError(error, fr, FIELD_OF_PARAMETER)).toEqual({
      field: "place",
      message: "Ce code postal est inconnu.",
    });
    expect(showError(error, en, FIELD_OF_PARAMETER)).toEqual({
      field: "place",
      message: "This postcode is unknown.",
    });
  });

  it("falls back to the code's own text, then to the API's sentence", () => {
    const missing = new ApiError(400, "missing_parameter", "give a page", "page");
    expect(showError(missing, fr, FIELD_OF_PARAMETER)).toEqual({ field: null, message: "Ce champ est obligatoire." });

    const odd = new ApiError(400, "invalid_parameter", "limit must be between 1 and 100", "limit");
    expect(showError(odd, fr, FIELD_OF_PARAMETER)).toEqual({
      field: null,
      message: "limit must be between 1 and 100",
    });
  });

  it("shows errors without a field above the form", () => {
    const error = new ApiError(500, "internal_error", "internal error");
    expect(showError(error, fr)).toEqual({
      field: null,
      message: "Une erreur est survenue de notre côté. Réessayez dans quelques instants.",
    });
  });

  it("says something sensible about what is not an API error", () => {
    expect(showError(new TypeError("boom"), fr)).toEqual({
      field: null,
      message: "Une erreur inattendue est survenue. Réessayez dans quelques instants.",
    });
  });
});
