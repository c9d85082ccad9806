import { describe, expect, it } from "vitest";
import { ApiError, NETWORK_ERROR } from "./api";
import { createI18n } from "./i18n";
import { importError, importPlace, importType } from "./profileImport";

describe("importType", () => {
  it("goes by the file's name first, then by its type", () => {
    expect(importType({ name: "profil.CSV", type: "application/vnd.ms-excel" })).toBe("text/csv");
    expect(importType({ name: "profil.json", type: "" })).toBe("application/json");
    expect(importType({ name: "profil", type: "text/csv" })).toBe("text/csv");
    expect(importType({ name: "profil.xlsx", type: "application/octet-stream" })).toBeNull();
  });
});

describe("importPlace", () => {
  it("reads the row and column of a CSV, a column, the file, a JSON field", () => {
    expect(importPlace("row 2, column jobs")).toEqual({ kind: "cell", row: 2, column: "jobs" });
    expect(importPlace("column salaire")).toEqual({ kind: "column", column: "salaire" });
    expect(importPlace("file")).toEqual({ kind: "file" });
    expect(importPlace("content_type")).toEqual({ kind: "file" });
    expect(importPlace(undefined)).toEqual({ kind: "file" });
    expect(importPlace("target_jobs[1]")).toEqual({ kind: "field", field: "target_jobs[1]" });
  });
});

describe("importError", () => {
  const fr = createI18n("fr").t;
  const en = createI18n("en").t;

  it("names the row and the column, then the API's words", () => {
    const error = new ApiError(400, "unknown_code", "\"Z9999\" is neither a ROME code nor a job title code", "row 2, column jobs");
    expect(importError(error, fr)).toBe(
      "Ligne 2, colonne « jobs » : code inconnu (\"Z9999\" is neither a ROME code nor a job title code)",
    );
    expect(importError(error, en)).toBe(
      "Row 2, column “jobs”: unknown code (\"Z9999\" is neither a ROME code nor a job title code)",
    );
  });

  it("names an unknown column, the file, a JSON field", () => {
    expect(importError(new ApiError(400, "invalid_parameter", "unknown column", "column salaire"), fr)).toBe(
      "Colonne « salaire » : valeur refusée (unknown column)",
    );
    expect(importError(new ApiError(400, "invalid_parameter", "one data row only", "file"), fr)).toBe(
      "Fichier : valeur refusée (one data row only)",
    );
    expect(importError(new ApiError(400, "missing_parameter", "required", "target_jobs"), fr)).toBe(
      "Champ « target_jobs » : valeur manquante (required)",
    );
  });

  it("words the other refusals as the rest of the interface does", () => {
    expect(importError(new ApiError(0, NETWORK_ERROR, "TypeError"), fr)).toBe(
      "Relais ne répond pas. Vérifiez votre connexion, puis réessayez.",
    );
    expect(importError(new ApiError(403, "forbidden", "no"), fr)).toBe("Vous n’avez pas accès à cette action.");
    expect(importError(new Error("boom"), fr)).toBe("Une erreur inattendue est survenue. Réessayez dans quelques instants.");
  });
});
