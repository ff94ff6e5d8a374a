// @ts-check
// Runs in each Jest worker before its test files: points DATABASE_URL at the worker's database.
const urls = JSON.parse(process.env.CUBICLE_TEST_DATABASE_URLS ?? "{}");
const url = urls[process.env.JEST_WORKER_ID ?? "1"] ?? urls[1];
if (url) process.env.DATABASE_URL = url;
