import { DomainError } from "~/modules/errors";
import type { ServiceListingInput } from "./services.schema";

export interface CatalogueItemLimits {
  id: number;
  statutoryDays: number | null;
}

/**
 * The committed time limit may never exceed the item's statutory (or customary) limit: a pledge to be
 * slower than the law allows is no pledge (seed 000 #31, seed 003: 承诺时限).
 */
export function assertListingAllowed(input: ServiceListingInput, item: CatalogueItemLimits): void {
  if (item.statutoryDays != null && input.committedDays > item.statutoryDays) {
    throw new DomainError("days_above_statutory", "errors.days.aboveStatutory", "committedDays", { days: item.statutoryDays });
  }
}

export interface ListingFields {
  active: boolean;
  feeMode: string;
  feeMinFen: number | null;
  feeMaxFen: number | null;
  feeRateBp: number | null;
  feeBasis: string | null;
  committedDays: number;
  pledge: string;
  regions: string[];
}

export function listingFields(x: ListingFields): ListingFields {
  return {
    active: x.active,
    feeMode: x.feeMode,
    feeMinFen: x.feeMinFen,
    feeMaxFen: x.feeMaxFen,
    feeRateBp: x.feeRateBp,
    feeBasis: x.feeBasis,
    committedDays: x.committedDays,
    pledge: x.pledge,
    regions: [...x.regions].map((r) => r.trim()).sort(),
  };
}

/** A save that changes nothing makes no new version (a retried or double-clicked form is harmless). */
export function listingChanged(current: ListingFields, next: ListingFields): boolean {
  return JSON.stringify(listingFields(current)) !== JSON.stringify(listingFields(next));
}
