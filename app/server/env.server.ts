import { z } from "zod";

const boolish = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// connection string")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    /** Uploaded documents (default DATA_DIR/uploads): with several instances, a directory they all share. */
    UPLOADS_DIR: z.string().min(1).optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    /** Days of inactivity after which a session expires. */
    SESSION_INACTIVITY_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** How long an anonymous project page may be served from an instance's cache (0: no cache); see page-cache.server.ts. */
    PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
    /** Sign-ups allowed per client address per hour (0: no limit). */
    SIGNUP_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(30),
    /** Complaints an organisation may file per day (0: no limit). */
    COMPLAINT_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(10),
    /** Mark the session cookie Secure (browsers accept Secure cookies on http://localhost). */
    SESSION_COOKIE_SECURE: boolish.default("true"),
    /** Trust X-Forwarded-* from one reverse proxy (HSTS and https detection). */
    TRUST_PROXY: boolish.default("false"),
    /** The public origin when behind a proxy that rewrites Host, e.g. https://zjcs.example.gov.cn */
    APP_ORIGIN: z.string().url().optional(),
    /** Seed the demo data when the database is empty (npm start). */
    SEED_DEMO: boolish.default("true"),
    /** smtp://user:password@host:587 or smtps://…: notifications are e-mailed too when set. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("中介超市 <noreply@zjcs.local>"),
    /** The public address used in e-mailed links. */
    PUBLIC_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** OCDS ocid prefix ("ocds-" + 6 characters); real prefixes are registered with the Open Contracting Partnership. */
    OCDS_OCID_PREFIX: z
      .string()
      .regex(/^ocds-[a-z0-9]{6}$/, "OCDS_OCID_PREFIX must look like ocds-abc123 (registered with OCP)")
      .default("ocds-zjcs01"),
    /** Stripe: with no secret key only offline settlement is offered. */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_… or sk_live_…)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9_]+$/, "STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_…)")
      .optional(),
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, "STRIPE_PUBLISHABLE_KEY must be a publishable key (pk_test_… or pk_live_…)")
      .optional(),
    /** Where the Stripe API is (stripe-mock or a test double in tests and staging). */
    STRIPE_API_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, "STRIPE_API_HOST must be a host name")
      .optional(),
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z
      .enum(["http", "https"], { errorMap: () => ({ message: "STRIPE_API_PROTOCOL must be http or https" }) })
      .optional(),
    /** ISO 4217, lower case; contract amounts are in its smallest unit (fen for cny). */
    STRIPE_CURRENCY: z
      .string()
      .regex(/^[a-z]{3}$/, "STRIPE_CURRENCY must be a three-letter currency code, lower case")
      .default("cny"),
    /** Country of the agencies' Express accounts. */
    STRIPE_CONNECT_COUNTRY: z
      .string()
      .regex(/^[A-Z]{2}$/, "STRIPE_CONNECT_COUNTRY must be a two-letter country code")
      .default("HK"),
    /** The public randomness beacon of draws (zjcs-draw-v2, decision 042): drand, or off (draws stay zjcs-draw-v1). */
    DRAW_BEACON: z.enum(["drand", "off"], { errorMap: () => ({ message: "DRAW_BEACON must be drand or off" }) }).default("drand"),
    /** A drand HTTP relay. */
    DRAW_BEACON_URL: z.string().url("DRAW_BEACON_URL must be a URL").default("https://api.drand.sh"),
    /** Pinned chain information as JSON {chainHash, publicKey, genesisTime, period, scheme}; default drand quicknet. */
    DRAW_BEACON_CHAIN: z.string().min(2).optional(),
    DRAW_BEACON_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  })
  .superRefine((v, ctx) => {
    if (v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set (payments are confirmed by webhooks)",
      });
    if (!v.STRIPE_SECRET_KEY && (v.STRIPE_WEBHOOK_SECRET || v.STRIPE_API_HOST))
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message: "STRIPE_SECRET_KEY is required when other STRIPE_ settings are given",
      });
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
