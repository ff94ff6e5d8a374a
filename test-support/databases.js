// @ts-check
/** @param {number} worker */
export const workerDatabaseName = (worker) => `cubicle_test_w${worker}`;

/** The same server and credentials, another database. @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
