import { describe, expect, it } from "vitest";
import fr from "./fr.json";
import en from "./en.json";

/** Every key of a nested texts file, dotted. */
function keys(texts: object, prefix = ""): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    value && typeof value === "object" ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("the texts", () => {
  it("hold the same keys in French and in English", () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort());
  });

  it("leave no text empty", () => {
    const empty = (texts: object) => keys(texts).filter((key) => key.split(".").reduce<any>((node, part) => node[part], texts) === "");
    expect(empty(fr)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });
});
