// Prisma 7 configuration. The schema engine is only needed by `migrate`/`db push`; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file lets `generate` and `validate` run offline.
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/heirloom" },
});
