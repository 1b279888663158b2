import { describe, expect, it } from "vitest";
import { SCHEMA, SCHEMA_OBJECTS } from "../src/line/business-line";

describe("the line's SQLite schema", () => {
  it("lists every table and index it creates, so a line started on older storage creates the new ones", () => {
    const created = [...SCHEMA.matchAll(/CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)/g)].map((m) => m[1]);
    expect([...SCHEMA_OBJECTS].sort()).toEqual(created.sort());
  });
});
