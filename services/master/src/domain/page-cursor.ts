import { CubicleError } from "@cubicle/contracts";

/**
 * A page position in a list ordered by (time, id): the last item's time (ms) and id,
 * base64url-encoded. A page starts after that position, not after a row that must still
 * exist, so deleting the last item of a page does not end the listing early.
 */
export interface PagePosition {
  at: Date;
  id: string;
}

export function encodePageCursor(p: PagePosition): string {
  return Buffer.from(`${p.at.getTime()}.${p.id}`).toString("base64url");
}

/** The position in `cursor`, or 400 `invalid_request` when it is not one this API gave out. */
export function decodePageCursor(cursor: string, id: RegExp): PagePosition {
  const match = /^(\d{1,15})\.(.{1,64})$/s.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match || !id.test(match[2]!)) throw new CubicleError("invalid_request", "the page token is not one this API gave out; start again without it", { in: "query" });
  return { at: new Date(Number(match[1])), id: match[2]! };
}
