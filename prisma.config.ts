import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseIntoClientConfig } from "pg-connection-string";

// Prisma's native engines cannot be downloaded on our machines: the CLI uses its bundled
// WebAssembly schema engine through the pg driver adapter instead.
// `prisma generate` needs DATABASE_URL to be set but never connects, hence the default.
const url = (process.env.DATABASE_URL ||= "postgresql://postgres@127.0.0.1:5432/cubicle");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new PrismaPg({ ...parseIntoClientConfig(url), allowExitOnIdle: true }),
});
