// Where `cubicle` finds the API's address and key: the flags (--api-url, --api-key), then the
// environment (CUBICLE_API_URL, CUBICLE_API_KEY), then the file `cubicle login` writes
// ($CUBICLE_CONFIG, else $XDG_CONFIG_HOME/cubicle/config.json, else ~/.config/cubicle/config.json),
// then the default address. The file holds a secret: it is written with mode 0600.
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { CliError, UsageError } from "./exit-codes.js";

export const DEFAULT_API_URL = "http://127.0.0.1:3000";

export type Env = Record<string, string | undefined>;

/** What the config file holds. */
export interface ConfigFile {
  apiUrl?: string;
  apiKey?: string;
}

export type Source = "flag" | "env" | "file" | "default";

export interface Settings {
  apiUrl: string;
  apiKey: string | undefined;
  /** Where each came from (for messages). */
  from: { apiUrl: Source; apiKey: Source | undefined };
  configPath: string;
}

/** The config file's path. */
export function configPath(env: Env): string {
  if (env.CUBICLE_CONFIG) return env.CUBICLE_CONFIG;
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".config"), "cubicle", "config.json");
}

/** The file's settings; none when it does not exist. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`cannot read the config file ${path}: ${(err as Error).message}`, "config_unreadable");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`the config file ${path} is not valid JSON: fix it, or remove it and run 'cubicle login'`, "config_invalid");
  }
  const file = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  return {
    ...(typeof file.apiUrl === "string" && file.apiUrl && { apiUrl: file.apiUrl }),
    ...(typeof file.apiKey === "string" && file.apiKey && { apiKey: file.apiKey }),
  };
}

/** Replaces the file (readable by its owner only); removes it when `config` is empty. */
export async function writeConfigFile(path: string, config: ConfigFile): Promise<void> {
  if (Object.keys(config).length === 0) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

/** A usable API address: an http(s) URL. */
export function checkApiUrl(url: string, from: Source): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    const where = { flag: "--api-url", env: "CUBICLE_API_URL", file: "the config file's apiUrl", default: "the default" }[from];
    throw new UsageError(`${where} must be an http:// or https:// URL, not '${url}'`);
  }
  return url;
}

/** The settings in force: each from the first place that gives it. */
export async function resolveSettings(flags: { apiUrl?: string | undefined; apiKey?: string | undefined }, env: Env): Promise<Settings> {
  const path = configPath(env);
  const file = await readConfigFile(path);
  const pick = (flag: string | undefined, fromEnv: string | undefined, fromFile: string | undefined): [string, Source] | undefined =>
    flag ? [flag, "flag"] : fromEnv ? [fromEnv, "env"] : fromFile ? [fromFile, "file"] : undefined;
  const [apiUrl, urlFrom] = pick(flags.apiUrl, env.CUBICLE_API_URL, file.apiUrl) ?? [DEFAULT_API_URL, "default"];
  const key = pick(flags.apiKey, env.CUBICLE_API_KEY, file.apiKey);
  return { apiUrl: checkApiUrl(apiUrl, urlFrom), apiKey: key?.[0], from: { apiUrl: urlFrom, apiKey: key?.[1] }, configPath: path };
}
