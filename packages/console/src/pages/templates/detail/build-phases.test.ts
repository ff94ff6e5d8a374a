// The phases the build page shows, read from a build's log entries.
import { describe, expect, test } from "@jest/globals";
import { emptyTrack, foldEntries, phaseViews, type LogEntryLike } from "./build-phases.js";

const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`;
const entry = (second: number, step: string | undefined, message = `${step} work`): LogEntryLike => ({ timestamp: at(second), message, ...(step !== undefined && { step }) });

const cubicleLog = [entry(0, "pulling", "pulling alpine:3.20"), entry(1, "building"), entry(2, "distributing"), entry(3, "distributing", "build finished")];
const states = (views: { name: string; state: string }[]) => views.map(({ name, state }) => `${name}:${state}`);

describe("build phases from log entries", () => {
  test("phases are listed in the order they first appear, with their first message and times", () => {
    const track = foldEntries(emptyTrack, cubicleLog);
    expect(track.phases.map((p) => p.name)).toEqual(["pulling", "building", "distributing"]);
    expect(track.phases[0]).toEqual({ name: "pulling", startedAt: at(0), lastAt: at(0), firstMessage: "pulling alpine:3.20" });
    expect(track.phases[2]?.lastAt).toBe(at(3));
    expect(track.current).toBe("distributing");
  });

  test("entries folded in batches as they arrive give the same phases as the whole log at once", () => {
    const inBatches = foldEntries(foldEntries(foldEntries(emptyTrack, cubicleLog.slice(0, 1)), cubicleLog.slice(1, 3)), cubicleLog.slice(3));
    expect(inBatches).toEqual(foldEntries(emptyTrack, cubicleLog));
  });

  test("a running build's current phase is active, the earlier ones done, and a Cubicle build's phases to come pending", () => {
    const track = foldEntries(emptyTrack, cubicleLog.slice(0, 2));
    expect(states(phaseViews(track, "building"))).toEqual(["pulling:done", "building:active", "distributing:pending"]);
    expect(phaseViews(track, "building")[0]?.endedAt).toBe(at(1));
    expect(phaseViews(track, "building")[1]?.endedAt).toBeUndefined();
  });

  test("a ready build's phases are all done, the last ending at its last entry", () => {
    const views = phaseViews(foldEntries(emptyTrack, cubicleLog), "ready");
    expect(states(views)).toEqual(["pulling:done", "building:done", "distributing:done"]);
    expect(views[2]?.endedAt).toBe(at(3));
  });

  test("a failed build marks the phase it was in as failed", () => {
    const track = foldEntries(emptyTrack, [entry(0, "pulling"), entry(1, "building"), entry(2, "building", "build failed: exit 1")]);
    expect(states(phaseViews(track, "error"))).toEqual(["pulling:done", "building:failed"]);
  });

  test("a failure whose reason names a step marks that step, not the last one logged", () => {
    const track = foldEntries(emptyTrack, [entry(0, "base"), entry(1, "1"), entry(2, "2")]);
    expect(states(phaseViews(track, "error", "1"))).toEqual(["base:done", "1:failed", "2:done"]);
    expect(states(phaseViews(track, "error", "not-a-phase"))).toEqual(["base:done", "1:done", "2:failed"]);
  });

  test("an E2B spec build's steps (base, 1, 2, finalize) read the same way; entries without a step stay in the current phase", () => {
    const track = foldEntries(emptyTrack, [entry(0, "base"), entry(1, "1", "RUN make"), entry(2, undefined, "make: done"), entry(3, "2"), entry(4, "finalize")]);
    expect(track.phases.map((p) => [p.name, p.lastAt])).toEqual([
      ["base", at(0)],
      ["1", at(2)],
      ["2", at(3)],
      ["finalize", at(4)],
    ]);
    expect(states(phaseViews(track, "building"))).toEqual(["base:done", "1:done", "2:done", "finalize:active"]);
  });

  test("a building build with no entries yet shows a Cubicle build's three phases to come (a waiting one, maybe an E2B build waiting for its spec, none); entries before any step are skipped", () => {
    expect(states(phaseViews(emptyTrack, "building"))).toEqual(["pulling:pending", "building:pending", "distributing:pending"]);
    expect(phaseViews(emptyTrack, "waiting")).toEqual([]);
    expect(phaseViews(emptyTrack, "error")).toEqual([]);
    expect(foldEntries(emptyTrack, [entry(0, undefined, "queued")]).phases).toEqual([]);
  });
});
