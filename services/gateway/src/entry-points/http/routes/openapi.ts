import type { IRouter } from "express";
import { openApiDocument } from "../openapi-document.js";

/** `GET /openapi.json`: the API's description, served without a key. */
export function openApiRoute(r: IRouter): void {
  const body = JSON.stringify(openApiDocument());
  r.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(body);
  });
}
