import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startApp } from "../../scripts/lib/app-process";
import { startRoundRobin } from "../../scripts/lib/round-robin";
import { startStripeFakeServer } from "../support/stripe-fake";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseKind: string;
    databaseUrl: string;
    instances: number;
    /** The Stripe fake the app talks to (drive it with POST {stripeFakeUrl}/__fake/…). */
    stripeFakeUrl: string;
  }
}

/**
 * Starts the built app on a free port with a fresh database (PostgreSQL when TEST_DATABASE_URL is set).
 * With E2E_INSTANCES=2 (PostgreSQL only) a second process joins the same database and every request
 * alternates between the two through a round-robin balancer: sessions, rate limits and scheduled jobs
 * must be shared through the database for the suite to pass.
 * Payments are on: every instance talks to one Stripe fake over HTTP (the official SDK pointed at it), and
 * the fake delivers signed webhooks to the app, so the suite also proves nothing breaks with Stripe configured.
 */
export default async function setup(project: TestProject) {
  const pgBase = process.env.TEST_DATABASE_URL || undefined;
  const instances = pgBase ? Math.max(1, Math.min(4, Number(process.env.E2E_INSTANCES ?? 1))) : 1;
  // Uploaded documents live on a volume the instances share (as they would in production).
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-uploads-"));
  const stripe = await startStripeFakeServer();
  const webhookSecret = "whsec_e2e_zjcs";
  const env = {
    UPLOADS_DIR: uploads,
    STRIPE_SECRET_KEY: "sk_test_e2e_zjcs",
    STRIPE_PUBLISHABLE_KEY: "pk_test_e2e_zjcs",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_HOST: stripe.host,
    STRIPE_API_PORT: String(stripe.port),
    STRIPE_API_PROTOCOL: stripe.protocol,
    // Every browser and HTTP client here is 127.0.0.1: the sign-up limit per address (tested under a burst
    // in tests/integration/hardening/sessions.test.ts) would refuse the suite's own sign-ups.
    SIGNUP_RATE_LIMIT: "0",
    // No internet here: the journeys' draws are zjcs-draw-v1 (v2 and its beacon are covered by
    // tests/integration/procurement/beacon-draw.test.ts against a local beacon).
    DRAW_BEACON: "off",
  };
  const first = await startApp({ pgBase, env });
  const others: Awaited<ReturnType<typeof startApp>>[] = [];
  // The first instance has migrated and seeded; the others join its database.
  for (let i = 1; i < instances; i++) others.push(await startApp({ databaseUrl: first.databaseUrl!, env }));
  const balancer = others.length ? await startRoundRobin([first.baseURL, ...others.map((o) => o.baseURL)]) : null;
  const baseURL = balancer?.url ?? first.baseURL;
  stripe.fake.addWebhookEndpoint({ url: `${baseURL}/api/stripe/webhook`, secret: webhookSecret });
  project.provide("baseURL", baseURL);
  project.provide("stripeFakeUrl", stripe.url);
  project.provide("databaseKind", first.databaseKind);
  project.provide("databaseUrl", first.databaseUrl ?? "");
  project.provide("instances", instances);
  return async () => {
    if (balancer) {
      console.log(`e2e: ${instances} instances served ${balancer.counts.join(" / ")} requests`);
      await balancer.stop();
    }
    for (const o of others) await o.stop();
    await first.stop();
    await stripe.close();
    fs.rmSync(uploads, { recursive: true, force: true });
  };
}
