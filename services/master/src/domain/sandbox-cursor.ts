import { CubicleError } from "@cubicle/contracts";

/** A page position in the sandbox list: the last sandbox's start time and id, base64url-encoded. */
export function encodeSandboxCursor(s: { startedAt: Date; id: string }): string {
  return Buffer.from(`${s.startedAt.getTime()}.${s.id}`).toString("base64url");
}

export function decodeSandboxCursor(cursor: string): { startedAt: Date; id: string } {
  const match = /^(\d{1,15})\.([0-9a-f-]{32,36})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new CubicleError("invalid_request", "the cursor is not one this API gave out; start again without it");
  return { startedAt: new Date(Number(match[1])), id: match[2]! };
}
