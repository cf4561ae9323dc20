/**
 * The procedure once published (issue 19, item 4): what an amendment notice (更正公告) records, which
 * changes it may make, and when and why a project may be cancelled. Pure functions over plain data.
 */

/** The terms of a published project an amendment may change; each change is recorded with both values. */
export const AMENDABLE_FIELDS = [
  "title",
  "serviceItemId",
  "regionCode",
  "description",
  "deliverables",
  "priceCeilingFen",
  "priceFloorFen",
  "governmentFunded",
  "selectionMethod",
  "expectedDays",
  "priceWeight",
  "technicalWeight",
  "creditWeight",
  "bidDeadline",
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

export type ProjectTerms = Record<AmendableField, string | number | boolean | Date | null>;

export interface TermChange {
  field: AmendableField;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

const plain = (v: string | number | boolean | Date | null | undefined): string | number | boolean | null =>
  v instanceof Date ? v.toISOString() : (v ?? null);

/** The fields whose values differ between two versions, in the order of AMENDABLE_FIELDS. */
export function termChanges(before: ProjectTerms, after: ProjectTerms): TermChange[] {
  return AMENDABLE_FIELDS.flatMap((field) => {
    const b = plain(before[field]);
    const a = plain(after[field]);
    return b === a ? [] : [{ field, before: b, after: a }];
  });
}

/** The version an amendment replaces, as it is kept public. */
export function snapshot(terms: ProjectTerms): Record<AmendableField, string | number | boolean | null> {
  return Object.fromEntries(AMENDABLE_FIELDS.map((f) => [f, plain(terms[f])])) as Record<AmendableField, string | number | boolean | null>;
}

/**
 * Why an amendment is refused, or null. The selection method cannot change after publication: agencies
 * decide whether to bid by it, and a rule that let it change while nobody had bid would tell the owner,
 * by its refusal, whether anyone had — before the opening nobody may learn that (item 3 of issue 19).
 * The owner cancels and publishes anew instead.
 */
export function amendmentProblem(changes: readonly TermChange[]): { field: string; key: string } | null {
  if (changes.length === 0) return { field: "_form", key: "errors.amendment.nothing" };
  if (changes.some((c) => c.field === "selectionMethod")) return { field: "selectionMethod", key: "errors.amendment.methodLocked" };
  return null;
}

/** The grounds a project may be cancelled on (招标人终止招标的正当理由); a free text only explains one. */
export const CANCEL_GROUNDS = [
  "requirementWithdrawn",
  "approvalChanged",
  "fundingUnavailable",
  "documentsDefective",
  "forceMajeure",
  "regulatorOrder",
] as const;
export type CancelGround = (typeof CANCEL_GROUNDS)[number];

/**
 * The stages an owner may cancel from. After the award only until a contract is signed — a signed
 * contract ends through its termination, which records the contract's side. A draft was never public.
 */
export const CANCELLABLE_STAGES = ["published", "bidding", "selecting", "awarded"] as const;
export type CancellableStage = (typeof CANCELLABLE_STAGES)[number];

export function isCancellableStage(status: string): status is CancellableStage {
  return (CANCELLABLE_STAGES as readonly string[]).includes(status);
}
