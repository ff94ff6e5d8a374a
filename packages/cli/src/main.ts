#!/usr/bin/env node
// `cubicle`: Cubicle's command line, on @cubicle/sdk. The composition root: the global options,
// the command groups (src/commands), and the one place a failure becomes a message on stderr
// and an exit code (exit-codes.ts).
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CubicleError } from "@cubicle/sdk";
import { registerAuth } from "./commands/auth.js";
import { registerKeys } from "./commands/keys.js";
import { registerNames } from "./commands/names.js";
import { registerSandboxes } from "./commands/sandboxes.js";
import { registerTemplates } from "./commands/templates.js";
import { createApp, type App, type GlobalOptions, type Io } from "./context.js";
import { CliError, EXIT_CODES_HELP, exitCodeFor } from "./exit-codes.js";
import { Output } from "./output.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const CONFIG_HELP = `Configuration (the first found wins):
  1. the flags --api-url, --api-key
  2. the environment: CUBICLE_API_URL, CUBICLE_API_KEY
  3. the config file 'cubicle login' writes: $CUBICLE_CONFIG, else
     $XDG_CONFIG_HOME/cubicle/config.json, else ~/.config/cubicle/config.json
  4. the address http://127.0.0.1:3000`;

function buildProgram(app: App, json: boolean): Command {
  const program = new Command("cubicle")
    .description("Cubicle's command line: templates, sandboxes and API keys")
    .version(version, "-V, --version")
    .option("--api-url <url>", "the API's address (else CUBICLE_API_URL, the config file, http://127.0.0.1:3000)")
    .option("--api-key <key>", "the API key (else CUBICLE_API_KEY, the config file)")
    .option("--json", "print the answer as one JSON document on stdout (errors: {\"error\": …} on stderr)")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => app.io.stdout.write(s),
      writeErr: (s) => app.io.stderr.write(s),
      // Commander's own usage errors, as JSON with --json.
      outputError: (s, write) => write(json ? `${JSON.stringify({ error: { message: s.trim().replace(/^error: /, ""), code: "usage", exitCode: 2 } })}\n` : s),
    })
    .addHelpText("after", `\n${CONFIG_HELP}\n\n${EXIT_CODES_HELP}`);
  if (!json) program.showHelpAfterError("(add --help for usage)");
  // Subcommands made after this inherit exitOverride and the output settings.
  registerAuth(program, app);
  registerTemplates(program, app);
  registerNames(program, app);
  registerSandboxes(program, app);
  registerKeys(program, app);
  return program;
}

/** Runs `argv`; resolves with the exit code. Failures are reported on stderr, never with a stack trace for API or usage errors. */
async function run(argv: string[], io: Io): Promise<number> {
  const app = createApp(io, version);
  const program = buildProgram(app, argv.includes("--json"));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const code = exitCodeFor(err);
    if (err instanceof CommanderError) return code; // already written by commander
    const json = Boolean(program.opts<GlobalOptions>().json) || argv.includes("--json");
    new Output(json, io).error(err, code);
    // A bug's trace, on request.
    if (io.env.CUBICLE_DEBUG && err instanceof Error && !(err instanceof CliError) && !(err instanceof CubicleError)) io.stderr.write(`${err.stack}\n`);
    return code;
  }
}

const code = await run(process.argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
// 0 leaves alone what a command set itself (names check: 1 for a name that cannot be used).
if (code !== 0) process.exitCode = code;
