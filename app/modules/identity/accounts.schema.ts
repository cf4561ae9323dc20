import { z } from "zod";
import { LOCALES } from "~/i18n";
import { AgencyDetailsSchema, type AgencyDetails } from "~/modules/agencies/profile.schema";
import { normalizeUscc, usccProblem } from "./uscc";

// Messages are translation keys (app/i18n); the same schemas run in the browser and on the server.
const text = (min: number, max: number) =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(max, "errors.tooLong")
    // The database counts characters (code points), not UTF-16 units: "😀😀" is two, not four.
    .refine((s) => s.length === 0 || [...s].length >= min, "errors.tooShort");

export const emailSchema = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.email");

export const passwordSchema = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
  .min(10, "errors.password.tooShort")
  .max(128, "errors.tooLong");

export const creditCodeSchema = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
  .transform(normalizeUscc)
  .superRefine((code, ctx) => {
    if (code.length === 0) {
      ctx.addIssue({ code: "custom", message: "errors.required" });
      return;
    }
    const problem = usccProblem(code);
    if (problem) ctx.addIssue({ code: "custom", message: `errors.uscc.${problem}` });
  });

export const regionCodeSchema = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.required" })
  .regex(/^[0-9]{6}$/, "errors.region.invalid");

export const SignUpSchema = z
  .object({
    kind: z.enum(["agency", "owner"], { errorMap: () => ({ message: "errors.orgKind" }) }),
    ownerType: z.enum(["enterprise", "department"]).optional(),
    orgName: text(2, 200),
    creditCode: creditCodeSchema,
    regionCode: regionCodeSchema,
    userName: text(1, 50),
    email: emailSchema,
    password: passwordSchema,
    passwordConfirm: z.string({ required_error: "errors.required" }),
    pledge: z.string().optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordConfirm) ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "errors.password.mismatch" });
    if (v.kind === "owner" && !v.ownerType) ctx.addIssue({ code: "custom", path: ["ownerType"], message: "errors.ownerType" });
    if (v.kind === "agency") {
      // An agency lists itself with its public registration details and a signed credit pledge.
      const details = AgencyDetailsSchema.safeParse(v);
      if (!details.success) for (const issue of details.error.issues) ctx.addIssue(issue);
      if (v.pledge !== "on") ctx.addIssue({ code: "custom", path: ["pledge"], message: "errors.pledge" });
    }
  })
  .transform((v) => ({
    kind: v.kind,
    ownerType: v.kind === "owner" ? v.ownerType! : null,
    orgName: v.orgName,
    creditCode: v.creditCode,
    regionCode: v.regionCode,
    userName: v.userName,
    email: v.email,
    password: v.password,
    agency: v.kind === "agency" ? (AgencyDetailsSchema.parse(v) as AgencyDetails) : null,
  }));
export type SignUpInput = z.output<typeof SignUpSchema>;

export const LogInSchema = z.object({
  email: emailSchema,
  password: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(128, "errors.tooLong"),
  redirectTo: z.string().optional(),
});
export type LogInInput = z.output<typeof LogInSchema>;

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "errors.required" }).min(1, "errors.required").max(128, "errors.tooLong"),
    newPassword: passwordSchema,
    newPasswordConfirm: z.string({ required_error: "errors.required" }),
  })
  .superRefine((v, ctx) => {
    if (v.newPassword !== v.newPasswordConfirm)
      ctx.addIssue({ code: "custom", path: ["newPasswordConfirm"], message: "errors.password.mismatch" });
  });
export type ChangePasswordInput = z.output<typeof ChangePasswordSchema>;

export const InviteSchema = z.object({
  email: emailSchema,
  role: z.enum(["admin", "member"], { errorMap: () => ({ message: "errors.role" }) }),
});
export type InviteInput = z.output<typeof InviteSchema>;

export const AcceptInvitationSchema = z
  .object({
    userName: text(1, 50),
    password: passwordSchema,
    passwordConfirm: z.string({ required_error: "errors.required" }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.passwordConfirm) ctx.addIssue({ code: "custom", path: ["passwordConfirm"], message: "errors.password.mismatch" });
  });
export type AcceptInvitationInput = z.output<typeof AcceptInvitationSchema>;

export const CreateRegulatorSchema = z.object({
  officeName: text(2, 200),
  regionCode: regionCodeSchema,
  serviceItemIds: z
    .array(z.coerce.number().int().positive().max(2_147_483_647), { invalid_type_error: "errors.serviceItems" })
    .min(1, "errors.serviceItems")
    .max(500, "errors.serviceItems"),
  adminEmail: emailSchema,
});
export type CreateRegulatorInput = z.output<typeof CreateRegulatorSchema>;

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 7;

/** The language switch: the locale, and the same-site page to return to. */
export const LangSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });
