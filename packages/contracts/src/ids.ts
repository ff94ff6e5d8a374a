import { randomBytes } from "node:crypto";

export const TEMPLATE_ID_PREFIX = "tpl-";
export const TEMPLATE_ID_PATTERN = "^tpl-[0-9a-f]{24}$";
const TEMPLATE_ID = new RegExp(TEMPLATE_ID_PATTERN);

/** A new template id: `tpl-` followed by 24 lower-case hex characters (96 random bits). */
export function generateTemplateId(): string {
  return TEMPLATE_ID_PREFIX + randomBytes(12).toString("hex");
}

export function isTemplateId(value: string): boolean {
  return TEMPLATE_ID.test(value);
}

/** True when a template reference names an id rather than a display name (any letter case). */
export function looksLikeTemplateId(ref: string): boolean {
  return ref.trim().toLowerCase().startsWith(TEMPLATE_ID_PREFIX);
}

export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/**
 * A sandbox id, in any letter case (ids are compared lower-cased): fast mode's 32 hex
 * characters (md5 of name:namespace:UnixNano) or strong mode's UUID (the record's).
 */
export const SANDBOX_ID_PATTERN = "^([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";
