import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(__dirname, "app"), "#db": path.resolve(__dirname, "db") };

export default defineConfig({
  resolve: { alias },
  test: {
    // Each integration file opens its own database; two at a time suit this 2-core machine.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // Draws stay zjcs-draw-v1 unless a test runs a local beacon (tests/support/beacon.ts, useDrawBeacon).
          env: { DRAW_BEACON: "off" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
