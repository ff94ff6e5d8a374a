// What a command's action is handed: the process's streams and environment, and for each run
// the settings in force (flags, env, config file), the output (tables or --json) and an SDK
// client. Commands reach the API only through `@cubicle/sdk`.
import type { Command } from "commander";
import { Cubicle } from "@cubicle/sdk";
import { resolveSettings, type Env, type Settings } from "./config.js";
import { MissingKeyError } from "./exit-codes.js";
import { Output, type Streams } from "./output.js";

export interface Io extends Streams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Env;
}

/** The global options (on `cubicle` itself, accepted after any command too). */
export interface GlobalOptions {
  apiUrl?: string;
  apiKey?: string;
  json?: boolean;
}

export interface Session {
  settings: Settings;
  out: Output;
  api: Cubicle;
}

export interface App {
  io: Io;
  version: string;
  /** The output of `command`'s run (tables, or JSON with --json). */
  output(command: Command): Output;
  /** Settings, output and client for `command`'s run; fails (exit 3) without an API key unless `keyless`. */
  session(command: Command, options?: { keyless?: boolean }): Promise<Session>;
  /** A client of `apiUrl` with `apiKey` (login checks a key before saving it). */
  client(apiUrl: string, apiKey: string | undefined): Cubicle;
}

export function createApp(io: Io, version: string): App {
  const client = (apiUrl: string, apiKey: string | undefined) => new Cubicle({ apiUrl, apiKey, headers: { "user-agent": `cubicle-cli/${version}` } });
  const output = (command: Command) => new Output(Boolean(command.optsWithGlobals<GlobalOptions>().json), io);
  return {
    io,
    version,
    output,
    client,
    async session(command, options = {}) {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const settings = await resolveSettings(globals, io.env);
      if (!settings.apiKey && !options.keyless) {
        throw new MissingKeyError(`no API key: run 'cubicle login', set CUBICLE_API_KEY or pass --api-key`);
      }
      return { settings, out: output(command), api: client(settings.apiUrl, settings.apiKey) };
    },
  };
}
