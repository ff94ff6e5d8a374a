// `cubicle keys …`: the team's API keys. A new key's value is shown once, when it is made.
import type { Command } from "commander";
import type { ApiKey } from "@cubicle/sdk";
import type { App } from "../context.js";
import { table, when } from "../output.js";

/** How the API shows a key it will not give back: `cubicle_ab…1234`. */
const masked = (k: ApiKey) => `${k.mask.prefix}${k.mask.maskedValuePrefix}…${k.mask.maskedValueSuffix}`;

export function registerKeys(program: Command, app: App): void {
  const keys = program.command("keys").alias("key").description("the team's API keys");

  keys
    .command("ls")
    .alias("list")
    .description("list the team's keys (never their values)")
    .action(async (_options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const list = await api.keys.list();
      out.result(list, () =>
        list.length === 0 ? "No keys." : table(["ID", "NAME", "KEY", "CREATED", "LAST USED"], list.map((k) => [k.id, k.name, masked(k), when(k.createdAt), when(k.lastUsed)])),
      );
    });

  keys
    .command("create")
    .description("make a key; its value is shown this once")
    .argument("<name>", "what the key is for, e.g. ci")
    .action(async (name: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      const created = await api.keys.create(name);
      out.note(`Made key '${created.name}' (${created.id}). Its value is shown this once:`);
      out.result(created, () => created.key);
    });

  keys
    .command("revoke")
    .alias("rm")
    .description("revoke a key: requests with it are refused from then on")
    .argument("<id>", "the key's id (see 'cubicle keys ls')")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, out } = await app.session(command);
      await api.keys.revoke(id);
      out.result({ id, revoked: true }, () => `Revoked key ${id}.`);
    });
}
