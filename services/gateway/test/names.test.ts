import { describe, expect, test } from "@jest/globals";
import { aliasResponseSchema, lookupResponseSchema, nameValidationResponseSchema } from "@cubicle/contracts";
import { ADMIN_TOKEN, expectGatewayError, expectSchema, makeTeam, useTestGateway, waitForGatewayBuild } from "./support.js";

const ctx = useTestGateway({ gatewayEnv: { ADMIN_TOKEN } });

const validate = async (name: string) => {
  const r = await ctx.api.get(`/names/validate?name=${encodeURIComponent(name)}`);
  expect(r.status).toBe(200);
  expectSchema(nameValidationResponseSchema, r.body);
  return r.body;
};

async function createReady(name: string) {
  const r = await ctx.api.post("/templates", { name, image: "alpine" });
  expect(r.status).toBe(202);
  await waitForGatewayBuild(ctx.api, r.body.templateID, r.body.buildID, ["ready"]);
  return r.body as { templateID: string; buildID: string };
}

describe("GET /names/validate", () => {
  test("a valid name → valid, its lower-case key and the name as it would be stored", async () => {
    expect(await validate("My-App_1")).toEqual({ valid: true, normalized: "my-app_1", displayName: "My-App_1" });
  });

  test("blanks around a name are trimmed", async () => {
    expect(await validate("  Web-1 ")).toEqual({ valid: true, normalized: "web-1", displayName: "Web-1" });
  });

  test("a name of 256 characters is valid", async () => {
    expect((await validate("A".repeat(256))).valid).toBe(true);
  });

  test.each([
    ["empty", "", "empty", ""],
    ["only blanks", "   ", "empty", ""],
    ["257 characters long", "B".repeat(257), "too_long", "b".repeat(257)],
    ["with a space inside", "my app", "invalid_chars", "my app"],
    ["with a slash", "a/b", "invalid_chars", "a/b"],
    ["starting with '_'", "_app", "invalid_chars", "_app"],
    ["not ASCII", "café", "invalid_chars", "café"],
    ["starting with TPL-", "TPL-x", "reserved_prefix", "tpl-x"],
    ["starting with snap-", "Snap-1", "reserved_prefix", "snap-1"],
  ])("a name %s → valid: false with its reason and a message", async (_what, name, reason, normalized) => {
    const body = await validate(name);
    expect(body).toEqual({ valid: false, normalized, reason, message: expect.any(String) });
    expect(body.message.length).toBeGreaterThan(0);
  });

  test("a too-long name's message says how long it is and what is allowed", async () => {
    expect((await validate("c".repeat(257))).message).toMatch(/257.*256/);
  });

  test("a name the team holds, in any letter case → valid: false, reason 'taken' with the holder's id; free again once it is renamed", async () => {
    const { templateID } = await createReady("Held-Name");
    expect(await validate(" held-NAME ")).toEqual({
      valid: false,
      normalized: "held-name",
      displayName: "held-NAME",
      reason: "taken",
      message: `'held-NAME' is already the name of ${templateID}`,
      templateID,
    });
    expect((await ctx.api.patch(`/templates/${templateID}`, { name: "Held-Elsewhere" })).status).toBe(200);
    expect(await validate("Held-Name")).toEqual({ valid: true, normalized: "held-name", displayName: "Held-Name" });
    expect((await validate("held-elsewhere")).reason).toBe("taken");
  });

  test("a name held by another team's template is free for this team", async () => {
    const other = await makeTeam(ctx.gateway, "names-other");
    const made = await other.api.post("/templates", { name: "Shared-Word", image: "alpine" });
    expect(made.status).toBe(202);
    expect((await validate("Shared-Word")).valid).toBe(true);
  });

  test("no name → 400 invalid_request naming it; the name given twice → 400", async () => {
    const missing = await ctx.api.get("/names/validate");
    expectGatewayError(missing, 400, "invalid_request");
    expect(missing.body.message).toMatch(/'name'/);
    expectGatewayError(await ctx.api.get("/names/validate?name=a&name=b"), 400, "invalid_request");
  });

  test("the verdict is the one POST /templates gives: valid names are created as displayName, invalid ones refused with the same reason", async () => {
    for (const name of ["Agree-1", "  agree_2 ", "x".repeat(256), "my app", "tpl-agree", "", "-agree", "z".repeat(257)]) {
      const verdict = await validate(name);
      const created = await ctx.api.post("/templates", { name, image: "alpine" });
      if (verdict.valid) {
        expect(created.status).toBe(202);
        expect(created.body.names).toEqual([verdict.displayName]);
      } else {
        expectGatewayError(created, 400, "invalid_name");
        expect(created.body.details).toEqual({ reason: verdict.reason });
      }
    }
  });
});

describe("GET /templates/aliases/:alias (E2B's Template.exists)", () => {
  test("a held name, in any letter case → 200 {templateID, public: false}", async () => {
    const { templateID } = await createReady("Alias-Held");
    for (const alias of ["Alias-Held", "alias-held", "ALIAS-HELD"]) {
      const r = await ctx.api.get(`/templates/aliases/${alias}`);
      expect(r.status).toBe(200);
      expectSchema(aliasResponseSchema, r.body);
      expect(r.body).toEqual({ templateID, public: false });
    }
  });

  test("a name nobody holds → 404 template_not_found saying which", async () => {
    const r = await ctx.api.get("/templates/aliases/Alias-Free");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'Alias-Free' not found");
  });

  test("a template id (E2B's Template.exists(id)) → 200 when the team may read it, 404 when nobody holds it", async () => {
    const { templateID } = await createReady("Alias-By-Id");
    for (const alias of [templateID, templateID.toUpperCase()]) {
      const r = await ctx.api.get(`/templates/aliases/${alias}`);
      expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: { templateID, public: false } });
    }
    expectGatewayError(await ctx.api.get(`/templates/aliases/tpl-${"1".repeat(24)}`), 404, "template_not_found");
  });

  test("'name:tag' → 200 when a build holds the tag ('default' once a build is ready), 404 tag_not_found when none does, 400 for a bad tag", async () => {
    const { templateID } = await createReady("Alias-Tagged");
    expect((await ctx.api.get("/templates/aliases/Alias-Tagged:default")).body).toEqual({ templateID, public: false });
    expectGatewayError(await ctx.api.get("/templates/aliases/Alias-Tagged:v9"), 404, "tag_not_found");
    expectGatewayError(await ctx.api.get("/templates/aliases/Alias-Tagged:.bad"), 400, "invalid_request");
  });

  test.each([
    ["a URL-encoded slash before an invalid name", "a%2Fb%20c", "invalid_chars"],
    ["a URL-encoded slash after something that is no team slug", "Not_A_Slug%2Fb", "invalid_namespace"],
    ["a URL-encoded space", "a%20b", "invalid_chars"],
    ["257 characters", "d".repeat(257), "too_long"],
  ])("%s → 400 invalid_name with the reason", async (_what, alias, reason) => {
    const r = await ctx.api.get(`/templates/aliases/${alias}`);
    expectGatewayError(r, 400, "invalid_name");
    expect(r.body.details).toEqual({ reason });
  });
});

describe("GET /templates/lookup?name=", () => {
  test("a held name, in any letter case → {templateID, names, buildStatus}", async () => {
    const { templateID } = await createReady("Lookup-Held");
    for (const name of ["Lookup-Held", "LOOKUP-held", "%20lookup-held%20"]) {
      const r = await ctx.api.get(`/templates/lookup?name=${name}`);
      expect(r.status).toBe(200);
      expectSchema(lookupResponseSchema, r.body);
      expect(r.body).toEqual({ templateID, buildID: expect.any(String), names: ["Lookup-Held"], buildStatus: "ready" });
    }
  });

  test("a name nobody holds → 404 template_not_found saying which", async () => {
    const r = await ctx.api.get("/templates/lookup?name=Lookup-Free");
    expectGatewayError(r, 404, "template_not_found");
    expect(r.body.message).toBe("template 'Lookup-Free' not found");
  });

  test("no name → 400 invalid_request; an empty or invalid name → 400 invalid_name with the reason", async () => {
    expectGatewayError(await ctx.api.get("/templates/lookup"), 400, "invalid_request");
    const empty = await ctx.api.get("/templates/lookup?name=");
    expectGatewayError(empty, 400, "invalid_name");
    expect(empty.body.details).toEqual({ reason: "empty" });
    const slash = await ctx.api.get("/templates/lookup?name=a%2Fb%2Fc");
    expectGatewayError(slash, 400, "invalid_name");
    expect(slash.body.details).toEqual({ reason: "invalid_chars" });
    // `team-slug/name` names another team's public template: an unknown team's is not found.
    expectGatewayError(await ctx.api.get("/templates/lookup?name=no-such-team%2Fb"), 404, "template_not_found");
  });

  test("a template whose first build failed gives up its name: lookups answer 404 and the name can be taken again", async () => {
    const failed = (await ctx.api.post("/templates", { name: "first-build-fails", image: "alpine:fail" })).body;
    await waitForGatewayBuild(ctx.api, failed.templateID, failed.buildID, ["error"]);
    expectGatewayError(await ctx.api.get("/templates/lookup?name=first-build-fails"), 404, "template_not_found");
    expectGatewayError(await ctx.api.get("/templates/aliases/first-build-fails"), 404, "template_not_found");
    expect((await ctx.api.get(`/templates/${failed.templateID}`)).body).toMatchObject({ names: [], buildStatus: "error" });
    const again = await ctx.api.post("/templates", { name: "first-build-fails", image: "alpine" });
    expect(again.status).toBe(202);
  });
});
