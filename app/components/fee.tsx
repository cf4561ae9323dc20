import { useT } from "~/lib/i18n-react";

export interface FeeLike {
  feeMode: string;
  feeMinFen: number | null;
  feeMaxFen: number | null;
  feeRateBp: number | null;
  feeBasis: string | null;
}

/** A fee standard as people read it: ¥12,000.00, ¥8,000.00 – ¥20,000.00, or 0.50% of the basis. */
export function FeeText({ fee }: { fee: FeeLike }) {
  const t = useT();
  if (fee.feeMode === "rate" && fee.feeRateBp != null) {
    return <>{t("fee.rate", { rate: `${(fee.feeRateBp / 100).toFixed(2)}%`, basis: fee.feeBasis ?? "" })}</>;
  }
  if (fee.feeMode === "fixed" && fee.feeMinFen != null) return <>{t("fee.fixed", { amount: t.money(fee.feeMinFen) })}</>;
  if (fee.feeMinFen != null && fee.feeMaxFen != null)
    return <>{t("fee.range", { min: t.money(fee.feeMinFen), max: t.money(fee.feeMaxFen) })}</>;
  return <>—</>;
}

export function RegionsText({ regions, names }: { regions: string[]; names: Record<string, string> }) {
  const t = useT();
  if (regions.length === 0) return <>{t("fee.everywhere")}</>;
  return <>{regions.map((r) => names[r] ?? r).join("、")}</>;
}
