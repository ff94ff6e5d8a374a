// `cubicle templates create`, `rebuild` and `watch`: start a build and, with --wait, follow it
// to its end (progress.ts shows it), exiting 1 with the build's reason when it fails.
import type { Command } from "commander";
import type { BuildStatus, Cubicle, TemplateCreated } from "@cubicle/sdk";
import { integer } from "../args.js";
import type { App } from "../context.js";
import { CliError } from "../exit-codes.js";
import { details, type Output } from "../output.js";
import { buildDisplay } from "../progress.js";

/** How often a followed build is asked for its status. */
const POLL_MS = 500;

interface SizeOptions {
  cpu?: number;
  memory?: number;
  wait?: boolean;
}

const sizeOf = (o: SizeOptions) => ({ ...(o.cpu !== undefined && { cpuCount: o.cpu }), ...(o.memory !== undefined && { memoryMB: o.memory }) });

const withSizeOptions = (command: Command) =>
  command
    .option("--cpu <n>", "vCPUs (default 2)", integer(1, 64))
    .option("--memory <MiB>", "memory in MiB (default 512)", integer(1, 1_048_576))
    .option("--wait", "follow the build until it is ready or failed (exit 1 when it fails)");

/** Follows `buildID` of `ref` on the progress display until it is ready or failed. */
async function follow(app: App, api: Cubicle, out: Output, ref: string, buildID: string): Promise<BuildStatus> {
  // Progress goes where people look: stdout, or stderr when stdout is for --json.
  const display = await buildDisplay(out.json ? app.io.stderr : app.io.stdout);
  try {
    const last = await api.templates.waitForBuild(ref, buildID, { intervalMs: POLL_MS, onLog: display.onLog, onStatus: display.onStatus });
    display.finish(last);
    return last;
  } catch (err) {
    display.abandon();
    throw err;
  }
}

/** A failed build: exit 1 with its reason. */
function failed(buildID: string, last: BuildStatus): CliError {
  const step = last.reason?.step;
  return new CliError(`build ${buildID} failed${step ? ` in ${step}` : ""}: ${last.reason?.message ?? "no reason given"}`, "build_failed");
}

/** Prints what was started (and, when followed, how it ended); a failed build → exit 1. */
async function report(app: App, api: Cubicle, out: Output, started: TemplateCreated, wait: boolean | undefined): Promise<void> {
  const last = wait ? await follow(app, api, out, started.templateID, started.buildID) : undefined;
  const answer = last ? { ...started, buildStatus: last.status, ...(last.reason && { reason: last.reason }) } : started;
  out.result(answer, () =>
    details([
      ["template", started.templateID],
      ["name", started.names[0]],
      ["build", started.buildID],
      ["status", answer.buildStatus],
    ]),
  );
  if (last?.status === "error") throw failed(started.buildID, last);
}

export function registerTemplateBuilds(templates: Command, app: App): void {
  withSizeOptions(
    templates
      .command("create")
      .description("create a template from a container image and start its first build")
      .option("--name <name>", "its display name (see 'cubicle names check')")
      .requiredOption("--image <image>", "a container image, e.g. alpine:3.20"),
  )
    .addHelpText("after", "\n  cubicle templates create --name my-app --image alpine:3.20 --wait")
    .action(async (options: SizeOptions & { name?: string; image: string }, command: Command) => {
      const { api, out } = await app.session(command);
      const created = await api.templates.create({ image: options.image, ...(options.name !== undefined && { name: options.name }), ...sizeOf(options) });
      await report(app, api, out, created, options.wait);
    });

  withSizeOptions(
    templates
      .command("rebuild")
      .description("start a new build of a template, from its image or another (--image)")
      .argument("<ref>", "name or id")
      .option("--image <image>", "build from this image instead"),
  ).action(async (ref: string, options: SizeOptions & { image?: string }, command: Command) => {
    const { api, out } = await app.session(command);
    const started = await api.templates.rebuild(ref, { ...(options.image !== undefined && { image: options.image }), ...sizeOf(options) });
    await report(app, api, out, started, options.wait);
  });

  templates
    .command("watch")
    .description("follow a build until it is ready or failed (exit 1 when it fails)")
    .argument("<ref>", "name or id")
    .argument("[build]", "the build's id (default: the template's latest build)")
    .action(async (ref: string, buildID: string | undefined, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const template = await api.templates.get(ref);
      const build = buildID ?? template.builds[0]?.buildID;
      if (!build) throw new CliError(`template '${ref}' has no builds`, "no_builds");
      const last = await follow(app, api, out, template.templateID, build);
      const { status, reason } = last;
      out.result({ templateID: template.templateID, buildID: build, status, ...(reason && { reason }) }, () => details([["template", template.templateID], ["build", build], ["status", status]]));
      if (status === "error") throw failed(build, last);
    });
}
