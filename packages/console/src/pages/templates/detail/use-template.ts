// The template a detail page shows, with its builds: read once, read again (quietly, keeping
// what is shown) after each change, and patched in place by what the page learns meanwhile
// (a build's status while it is followed).
import type { TemplateBuild, TemplateDetail } from "@cubicle/sdk";
import { useCallback, useState } from "react";
import { useApiRead } from "../../../components/use-api-read";
import { useClient } from "../../../session";

export interface TemplateState {
  template: TemplateDetail | null;
  /** Why the last read failed (the page still shows the template it had). */
  error: unknown;
  loading: boolean;
  reload(): void;
  patch(change: (template: TemplateDetail) => TemplateDetail): void;
}

export function useTemplate(ref: string): TemplateState {
  const client = useClient();
  const [template, setTemplate] = useState<TemplateDetail | null>(null);
  const [reads, setReads] = useState(0);
  const { loading, error } = useApiRead((signal) => client.templates.get(ref, signal), setTemplate, [client, ref, reads]);

  const reload = useCallback(() => setReads((n) => n + 1), []);
  const patch = useCallback((change: (t: TemplateDetail) => TemplateDetail) => setTemplate((t) => (t ? change(t) : t)), []);
  return { template, error, loading, reload, patch };
}

/** The name calls use for a template: its display name, else its id. */
export const templateRef = (template: { names: string[]; templateID: string }) => template.names[0] ?? template.templateID;

/**
 * `template` with `builds`, and the status the API would give it: its ready build's (a failed
 * or running rebuild leaves a template with a ready build `ready`), else its latest build's.
 */
export function withBuilds(template: TemplateDetail, builds: TemplateBuild[]): TemplateDetail {
  const ready = builds.find((build) => build.status === "ready");
  return { ...template, builds, buildStatus: ready ? "ready" : (builds[0]?.status ?? template.buildStatus) };
}
