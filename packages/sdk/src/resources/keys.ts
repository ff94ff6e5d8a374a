// The team's API keys, and the operator's teams (with an admin token).
import type { ApiKey, CreatedApiKey, CreateTeamInput, Team } from "../api-types.js";
import { pathSegment, type Transport } from "../transport.js";

const enc = pathSegment;

export function keysApi(request: Transport) {
  return {
    /** The team's keys (never their values). */
    async list(signal?: AbortSignal): Promise<ApiKey[]> {
      return (await request<ApiKey[]>({ method: "GET", path: "/api-keys", signal })).data;
    },
    /** Makes a key; its value is in this answer only. */
    async create(name: string, signal?: AbortSignal): Promise<CreatedApiKey> {
      return (await request<CreatedApiKey>({ method: "POST", path: "/api-keys", body: { name }, signal })).data;
    },
    async rename(apiKeyID: string, name: string, signal?: AbortSignal): Promise<ApiKey> {
      return (await request<ApiKey>({ method: "PATCH", path: `/api-keys/${enc(apiKeyID)}`, body: { name }, signal })).data;
    },
    /** Revokes a key: requests with it are refused from then on. */
    async revoke(apiKeyID: string, signal?: AbortSignal): Promise<void> {
      await request({ method: "DELETE", path: `/api-keys/${enc(apiKeyID)}`, signal });
    },
  };
}

/** Needs `adminToken` (the gateway's ADMIN_TOKEN). */
export function teamsApi(request: Transport) {
  return {
    async create(input: CreateTeamInput, signal?: AbortSignal): Promise<Team> {
      return (await request<Team>({ method: "POST", path: "/admin/teams", body: input, auth: "admin", signal })).data;
    },
    /** Makes a key for a team; its value is in this answer only. */
    async createKey(teamID: string, name: string, signal?: AbortSignal): Promise<CreatedApiKey> {
      return (await request<CreatedApiKey>({ method: "POST", path: `/admin/teams/${enc(teamID)}/api-keys`, body: { name }, auth: "admin", signal })).data;
    },
    async revokeKey(teamID: string, apiKeyID: string, signal?: AbortSignal): Promise<void> {
      await request({ method: "DELETE", path: `/admin/teams/${enc(teamID)}/api-keys/${enc(apiKeyID)}`, auth: "admin", signal });
    },
  };
}
