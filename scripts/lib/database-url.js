// @ts-check

/** The same server and credentials, another database. @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
