// `cubicle templates …`: list, show, rename, publish and delete templates, and their tags.
// Building (create, rebuild) is in template-builds.ts. A `<ref>` is a display name, `name:tag`
// or a template id (`tpl-…`).
import { Command } from "commander";
import type { Page, Template } from "@cubicle/sdk";
import { integer } from "../args.js";
import type { App } from "../context.js";
import { UsageError } from "../exit-codes.js";
import { details, table, when } from "../output.js";
import { confirm } from "../prompt.js";
import { registerTemplateBuilds } from "./template-builds.js";

const nameOf = (t: { names: string[] }) => t.names[0] ?? "-";
const yesNo = (b: boolean) => (b ? "yes" : "no");

export function registerTemplates(program: Command, app: App): void {
  const templates = program.command("templates").alias("template").description("build, list and manage templates");
  registerTemplateBuilds(templates, app);

  templates
    .command("ls")
    .alias("list")
    .description("list the team's templates, newest first")
    .option("--name <search>", "only templates whose name contains this (any letter case)")
    .option("--limit <n>", "at most this many (a page's size with --all)", integer(1, 1000))
    .option("--next-token <token>", "the page after the one that gave this token")
    .option("--all", "every page")
    .action(async (options: { name?: string; limit?: number; nextToken?: string; all?: boolean }, command: Command) => {
      const { api, out } = await app.session(command);
      let page: Page<Template>;
      if (options.all) {
        const items: Template[] = [];
        for await (const t of api.templates.listAll({ ...options })) items.push(t);
        page = { items, nextToken: null };
      } else {
        page = await api.templates.list({ ...options });
      }
      out.result(page, () =>
        page.items.length === 0
          ? "No templates."
          : table(
              ["NAME", "ID", "STATUS", "BUILDS", "SPAWNS", "PUBLIC", "CREATED"],
              page.items.map((t) => [nameOf(t), t.templateID, t.buildStatus, t.buildCount, t.spawnCount, yesNo(t.public), when(t.createdAt)]),
            ),
      );
      if (page.nextToken) out.note(`More templates: --next-token ${page.nextToken}, or --all.`);
    });

  templates
    .command("get")
    .alias("show")
    .description("show a template and its builds")
    .argument("<ref>", "name, name:tag or id")
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const t = await api.templates.get(ref);
      out.result(t, () => [
        details([
          ["name", nameOf(t)],
          ["id", t.templateID],
          ["status", t.buildStatus],
          ["build", t.buildID],
          ["cpu", t.cpuCount],
          ["memory", `${t.memoryMB} MiB`],
          ["disk", t.diskSizeMB ? `${t.diskSizeMB} MiB` : undefined],
          ["envd", t.envdVersion],
          ["public", yesNo(t.public)],
          ["spawns", t.spawnCount],
          ["last spawn", t.lastSpawnedAt ? when(t.lastSpawnedAt) : undefined],
          ["created", when(t.createdAt)],
          ["updated", when(t.updatedAt)],
        ]),
        "",
        t.builds.length === 0
          ? "No builds."
          : table(
              ["BUILD", "STATUS", "CPU", "MEMORY", "CREATED", "FINISHED"],
              t.builds.map((b) => [b.buildID, b.status, b.cpuCount, `${b.memoryMB} MiB`, when(b.createdAt), when(b.finishedAt)]),
            ),
      ]);
    });

  templates
    .command("rename")
    .description("give a template a new name, or take its name away (--clear)")
    .argument("<ref>", "name, name:tag or id")
    .argument("[new-name]", "the new name")
    .option("--clear", "remove the name (the template keeps its id)")
    .action(async (ref: string, newName: string | undefined, options: { clear?: boolean }, command: Command) => {
      if (Boolean(options.clear) === (newName !== undefined)) throw new UsageError("give a new name or --clear (one of the two)");
      const { api, out } = await app.session(command);
      const updated = newName === undefined ? await api.templates.clearName(ref) : await api.templates.rename(ref, newName);
      out.result(updated, () => (updated.names[0] ? `Renamed ${updated.templateID} to '${updated.names[0]}'.` : `${updated.templateID} has no name now.`));
    });

  const publish = (isPublic: boolean) => async (ref: string, _options: unknown, command: Command) => {
    const { api, out } = await app.session(command);
    const updated = await api.templates.setPublic(ref, isPublic);
    out.result({ ...updated, public: isPublic }, () => `${nameOf(updated) === "-" ? updated.templateID : `'${nameOf(updated)}' (${updated.templateID})`} is ${isPublic ? "public" : "private"} now.`);
  };
  templates
    .command("publish")
    .description("let other teams start sandboxes from a template (--private: only this team again)")
    .argument("<ref>", "name, name:tag or id")
    .option("--private", "make it private again (the same as unpublish)")
    .action((ref: string, options: { private?: boolean }, command: Command) => publish(!options.private)(ref, options, command));
  templates
    .command("unpublish")
    .description("make a public template private again")
    .argument("<ref>", "name, name:tag or id")
    .action(publish(false));

  templates
    .command("rm")
    .alias("delete")
    .description("delete a template and its builds (asks first; --yes does not)")
    .argument("<ref>", "name, name:tag or id")
    .option("-y, --yes", "do not ask (needed when stdin is not a terminal)")
    .action(async (ref: string, options: { yes?: boolean }, command: Command) => {
      const { api, out } = await app.session(command);
      if (!(await confirm(app.io, `Delete template '${ref}' and its builds?`, options.yes))) {
        out.result({ deleted: null }, () => "Nothing deleted.");
        return;
      }
      await api.templates.delete(ref);
      out.result({ deleted: ref }, () => `Deleted template '${ref}'.`);
    });

  templates
    .command("tags")
    .description("list a template's tags and the builds they name")
    .argument("<ref>", "name or id")
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const tags = await api.templates.tags(ref);
      out.result(tags, () => (tags.length === 0 ? "No tags." : table(["TAG", "BUILD", "CREATED"], tags.map((t) => [t.tag, t.buildID, when(t.createdAt)]))));
    });
}
