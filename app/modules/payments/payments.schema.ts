import { z } from "zod";
import { parseYuanToFen } from "~/lib/money";
import { optionalYuan, yuanField } from "~/lib/zod-money";

/** Milestones, one per line: "title amount" (amount in yuan, the last word), e.g. "初稿 20000". */
export function parseMilestoneLines(
  raw: string,
): { ok: true; items: { title: string; amountFen: number }[] } | { ok: false; line: number } {
  const items = [];
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const m = /^(.{2,200}?)\s+([\d,.]+)$/.exec(line);
    const money = m ? parseYuanToFen(m[2]!.replace(/,/g, "")) : null;
    if (!m || !money || !money.ok || money.fen <= 0) return { ok: false, line: i + 1 };
    items.push({ title: m[1]!.trim(), amountFen: money.fen });
  }
  return { ok: true, items };
}

export const MilestonesSchema = z
  .object({ milestones: z.string().max(10_000, "errors.tooLong").default("") })
  .superRefine((v, ctx) => {
    const r = parseMilestoneLines(v.milestones);
    if (!r.ok) ctx.addIssue({ code: "custom", path: ["milestones"], message: "errors.payment.milestoneLine", params: { line: r.line } });
  })
  .transform((v) => {
    const r = parseMilestoneLines(v.milestones);
    return r.ok ? r.items : [];
  });

export const OfflinePaymentSchema = z.object({
  amount: yuanField.refine((v) => v !== null, "errors.required"),
  paidOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date"),
  reference: z.string().trim().min(2, "errors.payment.reference").max(200, "errors.tooLong"),
});

export const RefundOrderSchema = z.object({
  amount: optionalYuan,
  reason: z.string().trim().min(2, "errors.reason").max(2000, "errors.tooLong"),
});
