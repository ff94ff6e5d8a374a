import { describe, expect, test } from "@jest/globals";
import { isDatabaseUnavailable, isStatementTimeout } from "./errors.js";

// The shapes below are the ones Prisma (through @prisma/adapter-pg) and pg raise; master
// answers both kinds 503 with Retry-After instead of 500.

describe("the database out of reach", () => {
  test.each([
    ["pg refused the connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["the server shut down (57P01), as pg raises it", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    [
      "the server shut down (57P01), behind Prisma's driver adapter",
      Object.assign(new Error("Raw query failed"), { code: "P2010", meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } } }),
    ],
    ["an immediate shutdown (57P02)", Object.assign(new Error("terminating connection due to crash of another server process"), { code: "57P02" })],
    ["a query on a connection the server ended", new Error("Client has encountered a connection error and is not queryable")],
    ["pg's connect timeout", new Error("timeout exceeded when trying to connect")],
    ["wrapped in a cause", new Error("outer", { cause: Object.assign(new Error("inner"), { code: "ECONNRESET" }) })],
  ])("%s → unavailable", (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  test.each([
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a bug", new TypeError("x is undefined")],
  ])("%s → not unavailable", (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe("the database too busy to answer in time", () => {
  test.each([
    ["a statement timeout (57014)", Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    ["a statement timeout behind the driver adapter", Object.assign(new Error("x"), { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "57014" } } } })],
    ["no pooled connection for a transaction in time (P2028)", Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" })],
  ])("%s → timeout", (_what, err) => {
    expect(isStatementTimeout(err)).toBe(true);
  });
});
