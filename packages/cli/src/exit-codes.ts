// What `cubicle` exits with: one code per class of failure, so scripts can tell a typo from
// a missing template from an unreachable gateway. The SDK's error classes (and the CLI's own)
// map to codes here and nowhere else; `cubicle --help` prints the same table.
import { CommanderError } from "commander";
import {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  CubicleApiError,
  CubicleConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  UnavailableError,
} from "@cubicle/sdk";

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  unavailable: 6,
} as const;

/** A failure the CLI itself finds (not the API's answer); `code` is what --json reports. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Bad flags or arguments, found before asking the API. */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, "usage");
  }
}

/** No API key in the flags, the environment or the config file. */
export class MissingKeyError extends CliError {
  override name = "MissingKeyError";
  constructor(message: string) {
    super(message, "no_api_key");
  }
}

/** Error classes and their codes, most specific first. */
const BY_CLASS: [abstract new (...args: never[]) => Error, number][] = [
  [UsageError, ExitCode.usage],
  [MissingKeyError, ExitCode.auth],
  [BadRequestError, ExitCode.usage],
  [AuthenticationError, ExitCode.auth],
  [PermissionError, ExitCode.auth],
  [NotFoundError, ExitCode.notFound],
  [ConflictError, ExitCode.conflict],
  [RateLimitedError, ExitCode.unavailable],
  [UnavailableError, ExitCode.unavailable],
  [CubicleConnectionError, ExitCode.unavailable],
  [CubicleApiError, ExitCode.failure],
];

/** The exit code of a failure: the one place errors map to codes. */
export function exitCodeFor(err: unknown): number {
  // Commander's: --help, --version and `help <command>` exit 0, its usage errors (and help shown for want of a command) 1.
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  for (const [ErrorClass, code] of BY_CLASS) if (err instanceof ErrorClass) return code;
  return ExitCode.failure;
}

/** The table, for `cubicle --help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  any other failure (a build that failed, a name that cannot be used, a server error)
  2  usage: bad flags or arguments, or the API refused the request as invalid (400)
  3  authentication: no API key, a key the API does not accept (401) or may not use here (403)
  4  not found (404): no such template, build, sandbox or key
  5  conflict (409): e.g. the name is taken, a build is in progress
  6  unavailable: rate limited (429), the service is down (502-504), or no connection`;
