import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "#db/migrations/index";

describe("migrations", () => {
  it("lists every file in db/migrations, in name order", () => {
    const files = fs
      .readdirSync(path.resolve("db/migrations"))
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
