// waitForBuild on an injected fetch playing a build's status answers: each log entry reported
// once and in order (asking only for the entries not seen yet), each poll's status, the final
// status resolved; a last poll with a full page is followed by the next page; the caller's
// signal stops it and leaves no listener behind on that signal.
import { getEventListeners } from "node:events";
import { describe, expect, test } from "@jest/globals";
import type { BuildLogEntry, BuildStatus } from "../src/index.js";
import { clientOn, json, type SentRequest } from "./fake-fetch.js";

const entry = (n: number): BuildLogEntry => ({ timestamp: new Date(Date.UTC(2030, 0, 1, 0, 0, n)).toISOString(), level: "info", message: `line ${n}`, step: "base" });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => entry(from + i));

/** A build with `log` entries (by then) and `status` at each poll, answering the window the request asks for. */
function buildOn(polls: { status: BuildStatus["status"]; log: number; reason?: BuildStatus["reason"] }[]) {
  let poll = 0;
  const all = lines(0, Math.max(...polls.map((p) => p.log)));
  return (request: SentRequest) => {
    const now = polls[Math.min(poll++, polls.length - 1)]!;
    const offset = Number(request.url.searchParams.get("logsOffset") ?? 0);
    const limit = Number(request.url.searchParams.get("limit") ?? 100);
    const window = all.slice(0, now.log).slice(offset, offset + limit);
    return json(200, { templateID: "tpl-a", buildID: "b-1", status: now.status, logs: window.map((e) => e.message), logEntries: window, ...(now.reason && { reason: now.reason }) });
  };
}

describe("waitForBuild", () => {
  test("streams every log entry once, in order, across polls, and resolves with the final status", async () => {
    const { client, requests } = clientOn([buildOn([{ status: "waiting", log: 0 }, { status: "building", log: 3 }, { status: "building", log: 3 }, { status: "building", log: 7 }, { status: "ready", log: 9 }])]);
    const seen: string[] = [];
    const statuses: string[] = [];
    const final = await client.templates.waitForBuild("app", "b-1", { intervalMs: 1, onLog: (e) => seen.push(e.message), onStatus: (s) => statuses.push(`${s.status}+${s.logEntries.length}`) });
    expect(seen).toEqual(lines(0, 9).map((e) => e.message));
    expect(statuses).toEqual(["waiting+0", "building+3", "building+0", "building+4", "ready+2"]);
    expect(final.status).toBe("ready");
    expect(requests.map((r) => r.url.searchParams.get("logsOffset"))).toEqual(["0", "0", "3", "3", "7"]);
    expect(new Set(requests.map((r) => r.url.pathname))).toEqual(new Set(["/templates/app/builds/b-1/status"]));
  });

  test("a failed build resolves (does not throw) with status error and the reason", async () => {
    const reason = { message: "pulling alpine:fail failed", step: "base" };
    const { client } = clientOn([buildOn([{ status: "building", log: 1 }, { status: "error", log: 2, reason }])]);
    const final = await client.templates.waitForBuild("app", "b-1", { intervalMs: 1 });
    expect(final).toMatchObject({ status: "error", reason });
  });

  test("a build already over with more new entries than a page: every page is read before it resolves", async () => {
    const { client, requests } = clientOn([buildOn([{ status: "ready", log: 250 }])]);
    const seen: string[] = [];
    const final = await client.templates.waitForBuild("app", "b-1", { intervalMs: 60_000, onLog: (e) => seen.push(e.message) });
    expect(seen).toEqual(lines(0, 250).map((e) => e.message));
    expect(final.status).toBe("ready");
    expect(requests.map((r) => r.url.searchParams.get("logsOffset"))).toEqual(["0", "100", "200"]);
  });

  test("a page that is exactly full is followed by one more (empty) page, then it resolves", async () => {
    const { client, requests } = clientOn([buildOn([{ status: "ready", log: 100 }])]);
    let count = 0;
    await client.templates.waitForBuild("app", "b-1", { intervalMs: 60_000, onLog: () => count++ });
    expect(count).toBe(100);
    expect(requests).toHaveLength(2);
  });

  test("the caller's signal stops it while it waits between polls, rejecting with the reason", async () => {
    const controller = new AbortController();
    const reason = new Error("gave up");
    const { client, requests } = clientOn([buildOn([{ status: "building", log: 1 }])]);
    const watching = client.templates.waitForBuild("app", "b-1", { intervalMs: 60_000, signal: controller.signal, onStatus: () => setTimeout(() => controller.abort(reason), 1) });
    await expect(watching).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  test("a long watch leaves no abort listener on the caller's signal (bounded, no MaxListeners warning)", async () => {
    const controller = new AbortController();
    const polls = [...Array.from({ length: 30 }, (_, i) => ({ status: "building" as const, log: i })), { status: "ready" as const, log: 30 }];
    const { client } = clientOn([buildOn(polls)]);
    const final = await client.templates.waitForBuild("app", "b-1", { intervalMs: 1, signal: controller.signal });
    expect(final.status).toBe("ready");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
