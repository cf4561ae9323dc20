import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms";
import { PolicySchema } from "~/modules/procurement/policy.schema";
import { getPolicyFor, savePolicy } from "~/modules/procurement/policy.server";
import type { DatabaseHandle } from "~/server/db.server";
import { createTestDatabase } from "../../support/db";
import { world } from "../../support/world";

// The bidding edges a regulator sets on the policy form (longest bidding period, direct-award floor,
// abnormally-low share of the ceiling) are saved with the version and govern the region from then on.
let h: DatabaseHandle;
let w: ReturnType<typeof world>;

beforeAll(async () => {
  h = await createTestDatabase();
  w = world(h.db);
});
afterAll(async () => {
  await h?.close();
});

const form = (over: Record<string, string> = {}) => {
  const f = new FormData();
  const values: Record<string, string> = {
    minBidsGovernment: "3",
    minBidsOther: "1",
    minBiddingWorkdays: "5",
    publicityWorkdays: "5",
    objectionAnswerWorkdays: "5",
    signingWorkdays: "10",
    directCeiling: "50000",
    abnormallyLowPct: "20",
    complaintWindowDays: "90",
    complaintDecisionWorkdays: "15",
    abnormallyLowCeilingPct: "60",
    maxBiddingDays: "30",
    directFloorPct: "50",
    ...over,
  };
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  for (const m of ["lowestPrice", "randomDraw", "direct"]) f.append("allowedMethods", m);
  return f;
};

describe("the policy form's bidding edges", () => {
  it("are saved with the version and read back for the region", async () => {
    const reg = await w.regulator("政策表单测试监管处", "320500", "all");
    const parsed = parseForm(PolicySchema, form(), ["allowedMethods"]);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fieldErrors));
    await savePolicy(h.db, reg, parsed.data);
    const p = await getPolicyFor(h.db, "320500");
    expect([p.maxBiddingDays, p.directFloorPct, p.abnormallyLowCeilingPct]).toEqual([30, 50, 60]);
  });

  it("refuse values outside their ranges, next to the field, at each end", () => {
    const at = (field: string, value: string) => parseForm(PolicySchema, form({ [field]: value }), ["allowedMethods"]);
    for (const [field, low, high] of [
      ["maxBiddingDays", 5, 365],
      ["directFloorPct", 0, 100],
      ["abnormallyLowCeilingPct", 1, 100],
    ] as const) {
      expect(at(field, String(low)).ok, `${field} ${low}`).toBe(true);
      expect(at(field, String(high)).ok, `${field} ${high}`).toBe(true);
      for (const bad of [String(low - 1), String(high + 1), "1.5"]) {
        const r = at(field, bad);
        expect(r.ok, `${field} ${bad}`).toBe(false);
        if (!r.ok) expect(new Set(r.fieldErrors[field])).toEqual(new Set(["errors.policy.int"]));
      }
    }
  });
});
