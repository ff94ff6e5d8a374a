#!/usr/bin/env node
// The `cubicle` bin: starts the built CLI (dist/main.js). A file of its own, committed, so that
// `pnpm install` can link it before the first build (pnpm links no bin whose file is missing);
// plain enough for any Node to run, to say so when this one is too old for the CLI.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`cubicle: needs Node 22.12 or later, not ${process.version}: in the repository, run it as 'npx cubicle' (on the pinned Node)\n`);
  process.exit(1);
}
try {
  await import("../dist/main.js");
} catch (err) {
  const missing = err?.code === "ERR_MODULE_NOT_FOUND" && /^Cannot find module '[^']*\/dist\/main\.js'/.test(String(err.message));
  if (!missing) throw err;
  process.stderr.write("cubicle: the CLI is not built yet: run 'pnpm build' (or 'npx tsc -b') in the repository\n");
  process.exitCode = 1;
}
