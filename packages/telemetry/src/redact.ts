/**
 * Paths that carry a credential: an upload link's token (`/uploads/<token>`) lets whoever holds
 * it store a file set for a team until it expires. Request lines and spans show such paths with
 * the credential masked, so logs and traces never hand it on.
 */
const CREDENTIAL_PATHS = /^(\/uploads\/)[^/?#]+/;

/** `path` (or a path with its query) with any credential in it replaced by `{token}`. */
export function redactedPath(path: string): string {
  return path.replace(CREDENTIAL_PATHS, "$1{token}");
}
