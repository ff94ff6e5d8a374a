/** The shapes master's internal API speaks: shared by master and its clients. */

export type TemplateStatus = "building" | "ready" | "failed";
export type BuildStatus = "waiting" | "building" | "ready" | "failed";

export interface CreateTemplateRequest {
  displayName?: string | null;
  image: string;
  cpuCount?: number;
  memoryMB?: number;
}

/** What a new build builds, and its state when it was accepted. */
export interface SubmittedBuild {
  buildId: string;
  buildStatus: BuildStatus;
  image: string;
  cpuCount: number;
  memoryMB: number;
}

export interface CreateTemplateResponse extends SubmittedBuild {
  templateId: string;
  displayName: string | null;
  status: TemplateStatus;
}

export interface RebuildRequest {
  image?: string;
  cpuCount?: number;
  memoryMB?: number;
}

export interface RebuildResponse extends SubmittedBuild {
  templateId: string;
  displayName: string | null;
  status: TemplateStatus;
}

export interface SetDisplayNameRequest {
  templateId: string;
  displayName: string | null;
}

export interface BuildLogEntry {
  timestamp: string;
  level: "info" | "warn" | "error";
  message: string;
}

export interface BuildView {
  buildId: string;
  templateId: string;
  status: BuildStatus;
  image: string;
  cpuCount: number;
  memoryMB: number;
  phase: string | null;
  reason: string | null;
  logs: BuildLogEntry[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface TemplateView {
  templateId: string;
  displayName: string | null;
  /** The spec of the ready build (before one is ready: of the latest build). */
  image: string;
  cpuCount: number;
  memoryMB: number;
  status: TemplateStatus;
  /** The build that is running or last finished, and its status. */
  latestBuildId: string | null;
  latestBuildStatus: BuildStatus | null;
  buildCount: number;
  /** The last build that reached `ready`: what a sandbox starts from. */
  readyBuildId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateWithBuildsView extends TemplateView {
  builds: BuildView[];
}

export interface LookupResponse {
  templateId: string;
  displayName: string;
  status: TemplateStatus;
  /** The ready build when there is one, else the latest build. */
  buildId: string | null;
}
