/**
 * Caller input quoted in an error message, capped: a message says which value was wrong
 * without echoing kilobytes of it back (or a whole credential someone pasted by mistake).
 * Cut by code point, so a cut never leaves half of a surrogate pair.
 */
export const ECHO_MAX_CHARS = 80;

export function echo(input: string, max = ECHO_MAX_CHARS): string {
  if (input.length <= max) return input;
  const points = Array.from(input);
  return points.length <= max ? input : `${points.slice(0, max).join("")}…`;
}
