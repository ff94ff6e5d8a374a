// @ts-check
// CUBICLE_TEST_DB_PREFIX lets several test runs share one server without touching each other's databases.
const prefix = process.env.CUBICLE_TEST_DB_PREFIX ?? "cubicle_test";
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`CUBICLE_TEST_DB_PREFIX must be a lower-case SQL identifier, got '${prefix}'`);

export const templateDatabaseName = `${prefix}_template`;

/** @param {number} worker */
export const workerDatabaseName = (worker) => `${prefix}_w${worker}`;

export { withDatabase } from "../scripts/lib/database-url.js";
