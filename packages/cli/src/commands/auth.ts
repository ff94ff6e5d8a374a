// `cubicle login`, `logout` and `config`: saving an API key (checked against the API first)
// and the API's address in the config file, removing the key, and showing what is in force.
import type { Command } from "commander";
import { readConfigFile, resolveSettings, writeConfigFile } from "../config.js";
import type { App, GlobalOptions } from "../context.js";
import { UsageError } from "../exit-codes.js";
import { details } from "../output.js";
import { readSecret } from "../prompt.js";

/** Enough of a key to tell it from another, never the whole of it. */
export const maskKey = (key: string): string => (key.length >= 16 ? `${key.slice(0, 8)}…${key.slice(-4)}` : "…");

export function registerAuth(program: Command, app: App): void {
  program
    .command("login")
    .description("check an API key against the API, then save it and the API's address in the config file")
    .addHelpText(
      "after",
      `
Without --api-key the key is read from stdin when it is not a terminal, else asked for
(without echo). The address is --api-url, else CUBICLE_API_URL, else the saved one, else the default.

  cubicle login --api-url https://cubicle.example.com --api-key "$KEY"
  echo "$KEY" | cubicle login`,
    )
    .action(async (_options: unknown, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const out = app.output(command);
      const settings = await resolveSettings({ apiUrl: globals.apiUrl }, app.io.env);
      const key = globals.apiKey ?? (await readSecret(app.io, `API key for ${settings.apiUrl}: `));
      if (!key) throw new UsageError("no API key given: pass --api-key, pipe it to stdin or type it when asked");
      const keys = await app.client(settings.apiUrl, key).keys.list();
      const saved = await readConfigFile(settings.configPath);
      await writeConfigFile(settings.configPath, { ...saved, apiUrl: settings.apiUrl, apiKey: key });
      out.result({ apiUrl: settings.apiUrl, apiKey: maskKey(key), configPath: settings.configPath, teamKeys: keys.length }, () =>
        `Logged in to ${settings.apiUrl} with key ${maskKey(key)} (saved in ${settings.configPath}).`,
      );
    });

  program
    .command("logout")
    .description("remove the saved API key from the config file (the saved address stays)")
    .action(async (_options: unknown, command: Command) => {
      const out = app.output(command);
      const { configPath } = await resolveSettings({}, app.io.env);
      const { apiKey, ...rest } = await readConfigFile(configPath);
      if (apiKey) await writeConfigFile(configPath, rest);
      out.result({ configPath, removed: Boolean(apiKey) }, () => (apiKey ? `Removed the API key from ${configPath}.` : `No API key was saved in ${configPath}.`));
    });

  program
    .command("config")
    .description("show the API address and key in force, and where each comes from")
    .action(async (_options: unknown, command: Command) => {
      const out = app.output(command);
      const s = await resolveSettings(command.optsWithGlobals<GlobalOptions>(), app.io.env);
      const from = { flag: "flag", env: "environment", file: "config file", default: "default" };
      const data = { apiUrl: s.apiUrl, apiUrlFrom: s.from.apiUrl, apiKey: s.apiKey ? maskKey(s.apiKey) : null, apiKeyFrom: s.from.apiKey ?? null, configPath: s.configPath };
      out.result(data, () =>
        details([
          ["API URL", `${s.apiUrl} (${from[s.from.apiUrl]})`],
          ["API key", s.apiKey && s.from.apiKey ? `${maskKey(s.apiKey)} (${from[s.from.apiKey]})` : "none: run 'cubicle login'"],
          ["config file", s.configPath],
        ]),
      );
    });
}
