// `cubicle names check <name>` (can it name a new template? the normalized form, or why not,
// including that the team already holds it) and `cubicle lookup <name>` (which template holds it).
import type { Command } from "commander";
import type { App } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { details } from "../output.js";

export function registerNames(program: Command, app: App): void {
  const names = program.command("names").description("template display names");

  names
    .command("check")
    .description("whether a name can name a new template: its normalized form, or why not (exit 1 when it cannot)")
    .argument("<name>", "a display name")
    .action(async (name: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const verdict = await api.templates.validateName(name);
      out.result(verdict, () =>
        verdict.valid
          ? `'${verdict.displayName ?? name}' can be used (normalized: ${verdict.normalized}).`
          : `'${name}' cannot be used: ${verdict.message ?? verdict.reason} (${verdict.reason}).`,
      );
      if (!verdict.valid) process.exitCode = ExitCode.failure;
    });

  program
    .command("lookup")
    .description("find the template that holds a name (or name:tag)")
    .argument("<name>", "a display name, or name:tag")
    .action(async (name: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const found = await api.templates.lookup(name);
      out.result(found, () =>
        details([
          ["template", found.templateID],
          ["name", found.names[0]],
          ["build", found.buildID],
          ["status", found.buildStatus],
        ]),
      );
    });
}
