// `cubicle sandboxes …`: start sandboxes from templates, list and show them, pause, resume
// and kill them.
import { Option, type Command } from "commander";
import type { ListedSandbox, Page } from "@cubicle/sdk";
import { integer, keyValue, states, type SandboxStateFilter } from "../args.js";
import type { App } from "../context.js";
import { details, pairs, table, when } from "../output.js";

const MAX_TIMEOUT = 30 * 24 * 3600;

interface ListOptions {
  state?: SandboxStateFilter[];
  metadata?: Record<string, string>;
  template?: string;
  limit?: number;
  nextToken?: string;
  all?: boolean;
}

export function registerSandboxes(program: Command, app: App): void {
  const sandboxes = program.command("sandboxes").alias("sandbox").description("start and manage sandboxes");

  sandboxes
    .command("create")
    .description("start a sandbox from a template")
    .argument("<template>", "the template's name, name:tag or id")
    .addOption(new Option("--mode <mode>", "how its id is made (default: the gateway's)").choices(["fast", "strong"]))
    .option("--timeout <seconds>", "seconds until it ends (default 300)", integer(1, MAX_TIMEOUT))
    .option("--metadata <key=value...>", "metadata shown with it (repeatable)", keyValue)
    .action(async (template: string, options: { mode?: "fast" | "strong"; timeout?: number; metadata?: Record<string, string> }, command: Command) => {
      const { api, out } = await app.session(command);
      const sandbox = await api.sandboxes.create(
        { templateID: template, ...(options.timeout !== undefined && { timeout: options.timeout }), ...(options.metadata && { metadata: options.metadata }) },
        { ...(options.mode && { mode: options.mode }) },
      );
      out.result(sandbox, () =>
        details([
          ["sandbox", sandbox.sandboxID],
          ["template", sandbox.alias ? `${sandbox.alias} (${sandbox.templateID})` : sandbox.templateID],
          ["build", sandbox.buildID],
          ["domain", sandbox.domain],
        ]),
      );
    });

  sandboxes
    .command("ls")
    .alias("list")
    .description("list the team's sandboxes, newest first")
    .option("--state <states>", "running, paused or running,paused", states)
    .option("--metadata <key=value...>", "only those whose metadata holds these pairs", keyValue)
    .option("--template <ref>", "only those of this template (name or id)")
    .option("--limit <n>", "at most this many (a page's size with --all)", integer(1, 1000))
    .option("--next-token <token>", "the page after the one that gave this token")
    .option("--all", "every page")
    .action(async (options: ListOptions, command: Command) => {
      const { api, out } = await app.session(command);
      const { all, ...query } = options;
      let page: Page<ListedSandbox> = await api.sandboxes.list(query);
      if (all) {
        const items = [...page.items];
        while (page.nextToken) {
          page = await api.sandboxes.list({ ...query, nextToken: page.nextToken });
          items.push(...page.items);
        }
        page = { items, nextToken: null };
      }
      const shown = page;
      out.result(shown, () =>
        shown.items.length === 0
          ? "No sandboxes."
          : table(
              ["SANDBOX", "TEMPLATE", "STATE", "STARTED", "ENDS", "METADATA"],
              shown.items.map((s) => [s.sandboxID, s.alias ?? s.templateID, s.state, when(s.startedAt), when(s.endAt), pairs(s.metadata)]),
            ),
      );
      if (shown.nextToken) out.note(`More sandboxes: --next-token ${shown.nextToken}, or --all.`);
    });

  sandboxes
    .command("get")
    .alias("show")
    .description("show a sandbox (running or paused)")
    .argument("<id>", "the sandbox's id")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const s = await api.sandboxes.get(id);
      out.result(s, () =>
        details([
          ["sandbox", s.sandboxID],
          ["template", s.alias ? `${s.alias} (${s.templateID})` : s.templateID],
          ["state", s.state],
          ["started", when(s.startedAt)],
          [s.state === "paused" ? "kept until" : "ends", when(s.endAt)],
          ["on timeout", s.lifecycle.onTimeout],
          ["cpu", s.cpuCount],
          ["memory", `${s.memoryMB} MiB`],
          ["disk", `${s.diskSizeMB} MiB`],
          ["envd", s.envdVersion],
          ["domain", s.domain],
          ["metadata", pairs(s.metadata)],
        ]),
      );
    });

  const act = (verb: "kill" | "pause", done: string) => async (id: string, _options: unknown, command: Command) => {
    const { api, out } = await app.session(command);
    await api.sandboxes[verb](id);
    out.result({ sandboxID: id, [done]: true }, () => `${done[0]!.toUpperCase()}${done.slice(1)} ${id}.`);
  };
  sandboxes.command("kill").description("stop a sandbox for good").argument("<id>", "the sandbox's id").action(act("kill", "killed"));
  sandboxes.command("pause").description("pause a running sandbox (it keeps its id and metadata)").argument("<id>", "the sandbox's id").action(act("pause", "paused"));

  sandboxes
    .command("resume")
    .description("resume a paused sandbox (or keep a running one alive)")
    .argument("<id>", "the sandbox's id")
    .option("--timeout <seconds>", "seconds from now until it ends (default 300)", integer(1, MAX_TIMEOUT))
    .action(async (id: string, options: { timeout?: number }, command: Command) => {
      const { api, out } = await app.session(command);
      const s = await api.sandboxes.resume(id, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
      out.result(s, () => `Resumed ${s.sandboxID}.`);
    });
}
