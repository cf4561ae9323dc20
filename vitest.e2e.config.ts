import path from "node:path";
import { defineConfig } from "vitest/config";
import JourneyOrder from "./tests/e2e/sequencer";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app"), "#db": path.resolve(__dirname, "db") } },
  test: {
    name: "e2e",
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    sequence: { sequencer: JourneyOrder },
  },
});
