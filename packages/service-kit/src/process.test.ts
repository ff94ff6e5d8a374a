import { afterEach, describe, expect, test } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { listeningUrlOf } from "./process.js";

// The child runs the built module, as a service does.
const built = fileURLToPath(new URL("../dist/process.js", import.meta.url));
const server = `
  import { createServer } from "node:http";
  import { reportListening } from ${JSON.stringify(built)};
  const server = createServer((_req, res) => res.end("it is me"));
  server.listen(0, "127.0.0.1", () => {
    reportListening("probe", "http://127.0.0.1:" + server.address().port);
    console.log("listening");
  });
`;

const children: ChildProcess[] = [];
function run(ipc: boolean, source = server): ChildProcess {
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], { stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("a service started on port 0 tells its supervisor where it listens", () => {
  test("over an IPC channel: the supervisor gets the URL the OS gave, reaches that very server there, and the channel is closed", async () => {
    const child = run(true);
    const url = await listeningUrlOf(child, 20_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    expect(await (await fetch(url)).text()).toBe("it is me");
    expect(child.connected).toBe(false);
  });

  test("without a channel: nothing is sent and nothing fails", async () => {
    const child = run(false);
    const [line] = (await once(child.stdout!, "data")) as [Buffer];
    expect(line.toString().trim()).toBe("listening");
    expect(child.exitCode).toBeNull();
  });

  test("a child that exits before it reports → rejects saying how it ended", async () => {
    await expect(listeningUrlOf(run(true, "process.exit(3)"), 20_000)).rejects.toThrow("exited before it listened (code 3, signal null)");
  });

  test("a child that never reports → rejects after the timeout, and the channel is closed", async () => {
    const child = run(true, "setInterval(() => {}, 1000)");
    await expect(listeningUrlOf(child, 200)).rejects.toThrow("did not report listening within 200 ms");
    expect(child.connected).toBe(false);
  });
});
