import { z } from "zod";
import { optionalYuan } from "~/lib/zod-money";

export const DIRECTORY_PAGE_SIZE = 20;
export const DIRECTORY_SORTS = ["relevance", "price", "credit", "newest"] as const;
/** "At least this credit grade": A, or A–B, or A–C. */
export const DIRECTORY_GRADES = ["A", "B", "C"] as const;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** The directory's filters, as they appear in the URL (and in /api/agencies). */
export const DirectoryQuerySchema = z
  .object({
    q: z.preprocess(blankToUndefined, z.string().trim().max(100, "errors.tooLong").optional()),
    item: z.preprocess(blankToUndefined, z.coerce.number().int().positive().max(2_147_483_647).optional()),
    region: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{6}$/, "errors.region.invalid")
        .optional(),
    ),
    verified: z.preprocess(blankToUndefined, z.enum(["1"]).optional()).transform((v) => v === "1"),
    feeMin: z.preprocess(blankToUndefined, optionalYuan),
    feeMax: z.preprocess(blankToUndefined, optionalYuan),
    grade: z.preprocess(blankToUndefined, z.enum(DIRECTORY_GRADES, { errorMap: () => ({ message: "errors.grade" }) }).optional()),
    sort: z.preprocess(blankToUndefined, z.enum(DIRECTORY_SORTS).optional()),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(500).default(1)),
  })
  .superRefine((v, ctx) => {
    if (v.feeMin != null && v.feeMax != null && v.feeMin > v.feeMax)
      ctx.addIssue({ code: "custom", path: ["feeMax"], message: "errors.money.range" });
  })
  .transform((v) => ({ ...v, sort: v.sort ?? (v.q ? "relevance" : "newest") }));

export type DirectoryQuery = z.output<typeof DirectoryQuerySchema>;

/** The URL search string of a query (only what is set), for links and pagination. */
export function directorySearchParams(q: Partial<DirectoryQuery>, overrides: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== "" && v !== false) p.set(k, String(v));
  };
  set("q", q.q);
  set("item", q.item);
  set("region", q.region);
  set("verified", q.verified ? "1" : undefined);
  set("feeMin", q.feeMin != null ? q.feeMin / 100 : undefined);
  set("feeMax", q.feeMax != null ? q.feeMax / 100 : undefined);
  set("grade", q.grade);
  set("sort", q.sort);
  set("page", q.page && q.page > 1 ? q.page : undefined);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined || v === "") p.delete(k);
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}
