import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { resetDatabase, startTestMaster, testDb, waitForStatus, type TestMaster } from "./support.js";

let master: TestMaster;
const db = testDb();
beforeAll(async () => {
  await resetDatabase(db);
  master = await startTestMaster();
});
afterAll(async () => {
  await master.close();
  await db.end();
});

test("a template created with a name becomes ready and is found by that name", async () => {
  const created = await master.api.post("/templates", { displayName: "smoke", image: "alpine:3.20" });
  expect(created.status).toBe(202);
  await waitForStatus(master.api, created.body.templateId, ["ready"]);
  const found = await master.api.get("/lookup?name=SMOKE");
  expect(found.body).toMatchObject({ templateId: created.body.templateId, status: "ready" });
});
