import { describe, expect, it } from "vitest";
import { parseMilestoneLines } from "~/modules/payments/payments.schema";
import {
  checkMovement,
  ledgerTotals,
  milestoneProblem,
  paymentState,
  refundable,
  releaseOnAcceptance,
  toStripeAmount,
  type Movement,
} from "~/modules/payments/payments.rules";

const AMOUNT = 50_000_00;
const m = (
  kind: Movement["kind"],
  amountFen: number,
  status: Movement["status"] = "succeeded",
  method: Movement["method"] = "stripe",
): Movement => ({ kind, method, amountFen, status });

describe("the ledger", () => {
  it("adds up funded, released, refunded and what is held", () => {
    const t = ledgerTotals(AMOUNT, [
      m("funding", AMOUNT),
      m("release", 20_000_00),
      m("release", 5_000_00, "pending"),
      m("refund", 1_000_00, "failed"),
    ]);
    expect(t).toEqual({
      fundedFen: AMOUNT,
      fundingPendingFen: 0,
      releasedFen: 20_000_00,
      releasingFen: 5_000_00,
      refundedFen: 0,
      refundingFen: 0,
      heldFen: 25_000_00,
      unpaidFen: 25_000_00,
    });
  });
  it("counts offline payments against what the agency is owed, not against what the platform holds", () => {
    const t = ledgerTotals(AMOUNT, [m("release", 10_000_00, "succeeded", "offline")]);
    expect(t).toMatchObject({ fundedFen: 0, heldFen: 0, releasedFen: 10_000_00, unpaidFen: 40_000_00 });
  });
});

describe("the payment state", () => {
  it("moves unfunded → funding → funded → partly released → released", () => {
    expect(paymentState(AMOUNT, [])).toBe("unfunded");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT, "pending")])).toBe("funding");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT, "failed")])).toBe("unfunded");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT)])).toBe("funded");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT), m("release", 1)])).toBe("partlyReleased");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT), m("release", 30_000_00), m("release", 20_000_00)])).toBe("released");
  });
  it("ends refunded when everything held went back, partly refunded when some was paid first", () => {
    expect(paymentState(AMOUNT, [m("funding", AMOUNT), m("refund", AMOUNT)])).toBe("refunded");
    expect(paymentState(AMOUNT, [m("funding", AMOUNT), m("release", 10_000_00), m("refund", 40_000_00)])).toBe("partlyRefunded");
    expect(paymentState(AMOUNT, [m("release", AMOUNT, "succeeded", "offline")])).toBe("released");
  });
});

describe("never above the price", () => {
  it("refuses funding above the contract amount and a second funding", () => {
    expect(checkMovement(AMOUNT, AMOUNT, [], { kind: "funding", method: "stripe" })).toBeNull();
    expect(checkMovement(AMOUNT + 1, AMOUNT, [], { kind: "funding", method: "stripe" })).toBe("aboveContract");
    expect(checkMovement(1, AMOUNT, [m("funding", AMOUNT, "pending")], { kind: "funding", method: "stripe" })).toBe("aboveContract");
  });
  it("refuses a release above what is owed or above what is held, and a refund above what is held", () => {
    const funded = [m("funding", AMOUNT), m("release", 30_000_00)];
    expect(checkMovement(20_000_00, AMOUNT, funded, { kind: "release", method: "stripe" })).toBeNull();
    expect(checkMovement(20_000_01, AMOUNT, funded, { kind: "release", method: "stripe" })).toBe("aboveUnpaid");
    expect(checkMovement(20_000_01, AMOUNT, funded, { kind: "refund", method: "stripe" })).toBe("aboveHeld");
    expect(checkMovement(1, AMOUNT, [], { kind: "release", method: "stripe" })).toBe("aboveHeld");
    expect(checkMovement(AMOUNT, AMOUNT, [], { kind: "release", method: "offline" })).toBeNull();
    expect(checkMovement(1, AMOUNT, [m("release", AMOUNT, "succeeded", "offline")], { kind: "release", method: "offline" })).toBe(
      "aboveUnpaid",
    );
  });
  it("refuses zero, negative and fractional amounts", () => {
    expect(checkMovement(0, AMOUNT, [], { kind: "funding", method: "stripe" })).toBe("notPositive");
    expect(checkMovement(-5, AMOUNT, [], { kind: "funding", method: "stripe" })).toBe("notPositive");
    expect(checkMovement(1.5, AMOUNT, [], { kind: "funding", method: "stripe" })).toBe("notInteger");
    expect(() => toStripeAmount(0, "cny")).toThrow();
    expect(toStripeAmount(1, "cny")).toBe(1);
  });
  it("releases on acceptance the milestone or the rest, never more than held or owed", () => {
    const funded = [m("funding", AMOUNT)];
    expect(releaseOnAcceptance(AMOUNT, funded, null)).toBe(AMOUNT);
    expect(releaseOnAcceptance(AMOUNT, funded, 10_000_00)).toBe(10_000_00);
    expect(releaseOnAcceptance(AMOUNT, [...funded, m("release", 45_000_00)], 10_000_00)).toBe(5_000_00);
    expect(releaseOnAcceptance(AMOUNT, [], null)).toBe(0); // offline or unfunded: nothing to transfer
    expect(refundable(AMOUNT, [...funded, m("release", 45_000_00), m("refund", 1_000_00, "pending")])).toBe(4_000_00);
  });
});

describe("milestones", () => {
  it("must add up to the contract amount, each above zero, at most 20", () => {
    expect(milestoneProblem(AMOUNT, [])).toBeNull();
    expect(
      milestoneProblem(AMOUNT, [
        { title: "初稿", amountFen: 20_000_00 },
        { title: "终稿", amountFen: 30_000_00 },
      ]),
    ).toBeNull();
    expect(
      milestoneProblem(AMOUNT, [
        { title: "初稿", amountFen: 20_000_00 },
        { title: "终稿", amountFen: 29_999_99 },
      ]),
    ).toBe("sum");
    expect(
      milestoneProblem(AMOUNT, [
        { title: "初稿", amountFen: 0 },
        { title: "终稿", amountFen: AMOUNT },
      ]),
    ).toBe("notPositive");
    expect(
      milestoneProblem(
        21,
        Array.from({ length: 21 }, () => ({ title: "期", amountFen: 1 })),
      ),
    ).toBe("tooMany");
  });
  it("are read one per line as title and amount in yuan", () => {
    expect(parseMilestoneLines("初稿 20000\n评审后终稿 30,000.00\n")).toEqual({
      ok: true,
      items: [
        { title: "初稿", amountFen: 20_000_00 },
        { title: "评审后终稿", amountFen: 30_000_00 },
      ],
    });
    expect(parseMilestoneLines("初稿\n终稿 30000")).toEqual({ ok: false, line: 1 });
    expect(parseMilestoneLines("初稿 12.345")).toEqual({ ok: false, line: 1 });
    expect(parseMilestoneLines("")).toEqual({ ok: true, items: [] });
  });
});
