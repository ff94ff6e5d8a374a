// @ts-check
// One Jest run for the whole workspace: unit tests beside the code, API tests per service
// (real Postgres, through HTTP) and e2e tests that start the real processes.
const embedded = !process.env.DATABASE_URL;

/** @type {import('jest').Config} */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/packages", "<rootDir>/services", "<rootDir>/e2e"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } }],
  },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testEnvironmentOptions: { customExportConditions: ["@cubicle/source", "node", "node-addons"] },
  globalSetup: "<rootDir>/test-support/global-setup.js",
  globalTeardown: "<rootDir>/test-support/global-teardown.js",
  setupFiles: ["<rootDir>/test-support/worker-env.js"],
  // Each worker gets a database of its own on a real server; the embedded one is a single database.
  maxWorkers: embedded ? 1 : 2,
  testTimeout: 30_000,
};
