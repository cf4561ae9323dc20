import { z } from "zod";
import { SANCTION_TYPES } from "./credit.schema";

const blank = (v: unknown) => (v === "" || v == null ? undefined : v);

/** The public blacklist's filters, as they appear in the URL (and in /blacklist.csv). */
export const BlacklistQuerySchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(100, "errors.tooLong").optional()),
  type: z.preprocess(blank, z.enum(SANCTION_TYPES, { errorMap: () => ({ message: "errors.sanction.type" }) }).optional()),
  state: z.preprocess(blank, z.enum(["inForce", "all"]).default("inForce")),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(1000).default(1)),
});
export type BlacklistQuery = z.output<typeof BlacklistQuerySchema>;

export function blacklistSearch(q: Partial<BlacklistQuery>, page?: number): string {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.type) p.set("type", q.type);
  if (q.state && q.state !== "inForce") p.set("state", q.state);
  if (page && page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `?${s}` : "";
}
