import { defineConfig } from "vitest/config";

// Three tiers (docs/architecture.md): `npm run test:unit` runs in seconds; `npm test` runs them all.
// Slow steps inside the end-to-end tests carry their own timeouts (a cold npm cache on a busy machine).
export default defineConfig({
  test: {
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "integration", include: ["test/integration/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 900_000 } },
    ],
  },
});
