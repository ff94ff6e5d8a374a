// Baseline: express with the services' settings plus a `pg` pool (master's default size), one
// route running the SELECT by the team's unique name key that master's uncached lookup runs (the
// ready or latest build and the template's tags, as an unnamed parameterized statement, as master runs it) and
// answering the row as JSON. The floor for `fresh=true`: a framework and a database round
// trip, before any of Cubicle's code.
import pg from "pg";
import { createServer } from "node:http";
import { createBaseApp } from "@cubicle/service-kit";
import { baselineEnv, listenAndReport } from "./env.js";

const { databaseUrl } = baselineEnv();
if (!databaseUrl) throw new Error("BENCH_DATABASE_URL must name the database to query");

const prepared = process.env.BENCH_PREPARED !== "0";
// The team whose names it looks up (master's lookups are per team).
const teamId = process.env.BENCH_TEAM_ID;
if (!teamId) throw new Error("BENCH_TEAM_ID must name the team whose names are looked up");
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.BENCH_POOL_MAX ?? 10) });
const text = `
  SELECT t.id, t.team_id::text AS team_id, t.display_name, t.status, t.public,
         coalesce(t.ready_build_id, (SELECT b.id FROM builds b WHERE b.template_id = t.id
                                     ORDER BY b.created_at DESC, b.id DESC LIMIT 1))::text AS build_id,
         (SELECT coalesce(jsonb_object_agg(g.tag, g.build_id::text), '{}'::jsonb) FROM template_tags g WHERE g.template_id = t.id) AS tags
    FROM templates t WHERE t.team_id = $1::uuid AND t.name_key = $2`;

const app = createBaseApp();
app.get("/lookup", async (req, res) => {
  const name = typeof req.query.name === "string" ? req.query.name.trim().toLowerCase() : "";
  const values = [teamId, name];
  const { rows } = await pool.query(prepared ? { name: "lookup", text, values } : { text, values });
  const r = rows[0];
  if (!r) {
    res.status(404).json({ code: 404, message: "not found" });
    return;
  }
  res.json({ templateId: r.id, displayName: r.display_name, status: r.status, buildId: r.build_id, public: r.public });
});
listenAndReport(createServer(app), "pg-lookup");
