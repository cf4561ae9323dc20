import type { TestProject } from "vitest/node";
import { startApp } from "../../scripts/lib/app-process";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    databaseKind: string;
    databaseUrl: string;
  }
}

/** Starts the built app on a free port with a fresh database (PostgreSQL when TEST_DATABASE_URL is set). */
export default async function setup(project: TestProject) {
  const app = await startApp({ pgBase: process.env.TEST_DATABASE_URL || undefined });
  project.provide("baseURL", app.baseURL);
  project.provide("databaseKind", app.databaseKind);
  project.provide("databaseUrl", app.databaseUrl ?? "");
  return () => app.stop();
}
