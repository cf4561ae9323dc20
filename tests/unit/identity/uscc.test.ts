import { describe, expect, it } from "vitest";
import { creditCodeSchema } from "~/modules/identity/accounts.schema";
import { isValidUscc, normalizeUscc, usccCheckChar, usccProblem } from "~/modules/identity/uscc";

describe("USCC (GB 32100-2015)", () => {
  it("accepts the standard's own example and real codes", () => {
    // The example printed in GB 32100-2015, and codes of listed companies.
    for (const code of ["91350100M000100Y43", "91110000100006485K", "914403001922038216"]) {
      expect(usccProblem(code), code).toBeNull();
    }
  });

  it("computes the check character with weights 3^i mod 31", () => {
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    // A check value of 31 is written as 0: every 17-character body gets exactly one valid last char.
    const body = "91320100MA0000001";
    const valid = [..."0123456789ABCDEFGHJKLMNPQRTUWXY"].filter((c) => isValidUscc(body + c));
    expect(valid).toEqual([usccCheckChar(body)]);
  });

  it("names the problem of a wrong code", () => {
    expect(usccProblem("91350100M000100Y4")).toBe("length");
    expect(usccProblem("91350100M000100Y433")).toBe("length");
    expect(usccProblem("91350100M000100I43")).toBe("charset"); // I is not in the charset
    expect(usccProblem("91350100M000100O43")).toBe("charset");
    expect(usccProblem("913501a0M000100Y43")).toBe("charset");
    expect(usccProblem("9135A100M000100Y43")).toBe("region");
    expect(usccProblem("91350100M000100Y44")).toBe("checkDigit");
    expect(usccProblem("91350100M000100Y34")).toBe("checkDigit"); // two characters swapped
  });

  it("normalises what people type: lower case, spaces, full-width spaces", () => {
    expect(normalizeUscc(" 91350100m000100y43 ")).toBe("91350100M000100Y43");
    expect(normalizeUscc("9135 0100\u3000M000 100Y43")).toBe("91350100M000100Y43");
  });

  it("gives the schema's messages as translation keys", () => {
    const r = creditCodeSchema.safeParse("91350100M000100Y44");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toBe("errors.uscc.checkDigit");
    expect(creditCodeSchema.safeParse("").error?.issues[0]?.message).toBe("errors.required");
    expect(creditCodeSchema.parse("91350100m000100y43")).toBe("91350100M000100Y43");
  });
});
