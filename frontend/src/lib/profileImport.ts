import type { TFunction } from "i18next";
import { ApiError } from "./api";

/** The media type the import route takes for a file, from its name first
 * (browsers disagree on a CSV's type), or null for another kind of file. */
export function importType(file: { name: string; type: string }): "text/csv" | "application/json" | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".csv")) return "text/csv";
  if (name.endsWith(".json")) return "application/json";
  if (file.type === "text/csv" || file.type === "application/json") return file.type;
  return null;
}

/** Where in the file the API found a problem: `row 2, column jobs`,
 * `column <name>`, `file`, or a field of a JSON document
 * (`target_jobs[1]`). */
export type ImportPlace =
  | { kind: "cell"; row: number; column: string }
  | { kind: "column"; column: string }
  | { kind: "file" }
  | { kind: "field"; field: string };

export function importPlace(field: string | undefined): ImportPlace {
  if (!field || field === "file" || field === "content_type") return { kind: "file" };
  const cell = /^row (\d+), column (.+)$/.exec(field);
  if (cell) return { kind: "cell", row: Number(cell[1]), column: cell[2] };
  const column = /^column (.+)$/.exec(field);
  if (column) return { kind: "column", column: column[1] };
  return { kind: "field", field };
}

/**
 * What the import says of a refused file: where (the row and column of a
 * CSV, the field of a JSON document), then what, in the API's words, which
 * name the value refused.
 */
export function importError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) {
    const code = error instanceof ApiError ? error.code : "unexpected";
    return t(`errors.${code}._`, { defaultValue: t("errors.unexpected") });
  }
  if (error.status !== 400) {
    return t(`errors.${error.code}._`, { defaultValue: error.message || t("errors.unexpected") });
  }
  const place = importPlace(error.field);
  const where =
    place.kind === "cell"
      ? t("profileImport.where.cell", { row: place.row, column: place.column })
      : place.kind === "column"
        ? t("profileImport.where.column", { column: place.column })
        : place.kind === "field"
          ? t("profileImport.where.field", { field: place.field })
          : t("profileImport.where.file");
  const what = t(`profileImport.codes.${error.code}`, { defaultValue: t("profileImport.codes.invalid_parameter") });
  return t("profileImport.refused", { where, what, detail: error.message });
}
