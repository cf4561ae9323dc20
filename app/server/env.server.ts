import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// connection string")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Days of inactivity after which a session expires. */
  SESSION_INACTIVITY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Mark the session cookie Secure (browsers accept Secure cookies on http://localhost). */
  SESSION_COOKIE_SECURE: boolish.default("true"),
  /** Trust X-Forwarded-* from one reverse proxy (HSTS and https detection). */
  TRUST_PROXY: boolish.default("false"),
  /** The public origin when behind a proxy that rewrites Host, e.g. https://zjcs.example.gov.cn */
  APP_ORIGIN: z.string().url().optional(),
  /** Seed the demo data when the database is empty (npm start). */
  SEED_DEMO: boolish.default("true"),
  /** smtp://user:password@host:587 or smtps://…: notifications are e-mailed too when set. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("中介超市 <noreply@zjcs.local>"),
  /** The public address used in e-mailed links. */
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** OCDS ocid prefix ("ocds-" + 6 characters); real prefixes are registered with the Open Contracting Partnership. */
  OCDS_OCID_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, "OCDS_OCID_PREFIX must look like ocds-abc123 (registered with OCP)").default("ocds-zjcs01"),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
