import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startApp } from "../../scripts/lib/app-process";
import { startRoundRobin } from "../../scripts/lib/round-robin";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseKind: string;
    databaseUrl: string;
    instances: number;
  }
}

/**
 * Starts the built app on a free port with a fresh database (PostgreSQL when TEST_DATABASE_URL is set).
 * With E2E_INSTANCES=2 (PostgreSQL only) a second process joins the same database and every request
 * alternates between the two through a round-robin balancer: sessions, rate limits and scheduled jobs
 * must be shared through the database for the suite to pass.
 */
export default async function setup(project: TestProject) {
  const pgBase = process.env.TEST_DATABASE_URL || undefined;
  const instances = pgBase ? Math.max(1, Math.min(4, Number(process.env.E2E_INSTANCES ?? 1))) : 1;
  // Uploaded documents live on a volume the instances share (as they would in production).
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "zjcs-uploads-"));
  const first = await startApp({ pgBase, env: { UPLOADS_DIR: uploads } });
  const others: Awaited<ReturnType<typeof startApp>>[] = [];
  // The first instance has migrated and seeded; the others join its database.
  for (let i = 1; i < instances; i++) others.push(await startApp({ databaseUrl: first.databaseUrl!, env: { UPLOADS_DIR: uploads } }));
  const balancer = others.length ? await startRoundRobin([first.baseURL, ...others.map((o) => o.baseURL)]) : null;
  project.provide("baseURL", balancer?.url ?? first.baseURL);
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
    fs.rmSync(uploads, { recursive: true, force: true });
  };
}
