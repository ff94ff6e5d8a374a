/** What a template build needs, and the contract every builder (simulated or real) keeps. */

export interface BuildJob {
  buildId: string;
  templateId: string;
  image: string;
  cpuCount: number;
  memoryMB: number;
  /** The phase the build was in when it was interrupted; the builder resumes there. */
  resumeFrom: string | null;
}

export interface BuildProgress {
  /** Records that the build entered a phase. Rejects if this master no longer owns the build. */
  phase(name: string, message: string): Promise<void>;
  log(message: string): Promise<void>;
}

/** What a finished build made, as its template (and every sandbox started from it) reports. */
export interface BuildArtifact {
  /** The root filesystem's size. */
  diskSizeMB: number;
  /** The envd version installed in it (E2B's SDK checks it). */
  envdVersion: string;
}

export interface Builder {
  readonly phases: readonly string[];
  /** Resolves with what it made when the image is built; throws `BuildFailedError` when it cannot be. Honors `signal`. */
  build(job: BuildJob, progress: BuildProgress, signal: AbortSignal): Promise<BuildArtifact>;
}

/** The build itself failed (bad image, failing step): final, the build is marked failed. */
export class BuildFailedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "BuildFailedError";
  }
}

/** `alpine:3.20` → `3.20`; no tag → `latest`. Registry ports and digests are not tags. */
export function imageTag(image: string): string {
  const withoutDigest = image.split("@")[0]!;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon === -1 ? "latest" : lastSegment.slice(colon + 1);
}
