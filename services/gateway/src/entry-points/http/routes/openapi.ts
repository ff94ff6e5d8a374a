import { Router } from "express";
import { openApiDocument } from "../openapi-document.js";

/** `GET /openapi.json`: the API's description, served without a key. */
export function openApiRoute(): Router {
  const body = JSON.stringify(openApiDocument());
  const r = Router();
  r.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(body);
  });
  return r;
}
