import { z } from "zod";
import { parseYuanToFen } from "./money";

/** A yuan amount typed in a form → integer fen, with a translated message per problem. */
export const yuanField = z.string({ invalid_type_error: "errors.money.format" }).transform((v, ctx) => {
  if (v.trim() === "") return null;
  const r = parseYuanToFen(v);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: `errors.money.${r.problem}` });
    return z.NEVER;
  }
  return r.fen;
});

export const optionalYuan = yuanField.optional().transform((v) => v ?? null);
