// Types of Cubicle's public API, from the gateway's /openapi.json. Do not edit by hand:
// `pnpm --filter @cubicle/sdk generate` writes this file again.

export type paths = {
    "/access-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not implemented: create an access token (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access-tokens/{accessTokenID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Not implemented: delete an access token (an E2B operation) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accessTokenID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/sandboxes/running-counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: running sandboxes per team (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a team */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description concurrent sandboxes at most (default: the configured default); 0 means unlimited */
                        maxSandboxes?: number;
                        /** @description templates at most (default: the configured default); 0 means unlimited */
                        maxTemplates?: number;
                        /** @description the team's name (default: its slug): 1 to 200 characters, not all blank */
                        name?: string;
                        /** @description the team's unique slug: lower-case letters, digits and '-' (at most 63) */
                        slug: string;
                    };
                };
            };
            responses: {
                /** @description made */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            slug: string;
                            teamID: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description slug_taken */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/teams/{teamID}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make an API key for a team (its value is in this answer only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a team id (a UUID) */
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the key's name: 1 to 200 characters, not all blank */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description made */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            id: string;
                            /** @description the key's value: shown this once */
                            key: string;
                            /** Format: date-time */
                            lastUsed: string | null;
                            mask: {
                                maskedValuePrefix: string;
                                maskedValueSuffix: string;
                                prefix: string;
                                valueLength: number;
                            };
                            name: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found, team_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/teams/{teamID}/api-keys/{apiKeyID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a team's API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description an API key id (a UUID) */
                    apiKeyID: string;
                    /** @description a team id (a UUID) */
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found, api_key_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/teams/{teamID}/builds/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not implemented: cancel a team's builds (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/teams/{teamID}/sandboxes/kill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not implemented: kill a team's sandboxes (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The team's API keys (never their values) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description keys */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            id: string;
                            /** Format: date-time */
                            lastUsed: string | null;
                            mask: {
                                maskedValuePrefix: string;
                                maskedValueSuffix: string;
                                prefix: string;
                                valueLength: number;
                            };
                            name: string;
                        }[];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Make an API key for the team (its value is in this answer only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the key's name: 1 to 200 characters, not all blank */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description made */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            id: string;
                            /** @description the key's value: shown this once */
                            key: string;
                            /** Format: date-time */
                            lastUsed: string | null;
                            mask: {
                                maskedValuePrefix: string;
                                maskedValueSuffix: string;
                                prefix: string;
                                valueLength: number;
                            };
                            name: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{apiKeyID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of the team's API keys */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description an API key id (a UUID) */
                    apiKeyID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description api_key_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename one of the team's API keys */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description an API key id (a UUID) */
                    apiKeyID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the key's name: 1 to 200 characters, not all blank */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description renamed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            id: string;
                            /** Format: date-time */
                            lastUsed: string | null;
                            mask: {
                                maskedValuePrefix: string;
                                maskedValueSuffix: string;
                                prefix: string;
                                valueLength: number;
                            };
                            name: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description api_key_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (E2B's health check) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ok */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ok */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/names/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check a display name against the naming rules */
        get: {
            parameters: {
                query: {
                    /** @description a display name: ASCII letters, digits, '-' and '_', at most 256 characters, unique regardless of letter case */
                    name: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the verdict */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the name as it would be stored (trimmed, letter case kept) */
                            displayName?: string;
                            message?: string;
                            /** @description the trimmed, lower-cased form that uniqueness is decided on */
                            normalized: string;
                            /** @enum {string} */
                            reason?: "empty" | "too_long" | "invalid_chars" | "reserved_prefix" | "reserved_name" | "taken";
                            /** @description with reason 'taken': the team's template that holds the name */
                            templateID?: string;
                            valid: boolean;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: list nodes (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/nodes/{nodeID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: a node (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    nodeID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Not implemented: change a node's status (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    nodeID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The template service is reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description not ready */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sandboxes (E2B's older list: up to 1000 a page) */
        get: {
            parameters: {
                query?: {
                    /** @description a whole number from 1 to 1000 (default 100) */
                    limit?: string;
                    /** @description URL-encoded pairs the sandbox's metadata must hold, e.g. 'user=abc&app=prod' */
                    metadata?: string;
                    /** @description the `x-next-token` header of the previous page */
                    nextToken?: string;
                    /** @description by start time (default desc, newest first) */
                    order?: "asc" | "desc";
                    /** @description only sandboxes started at or after this time */
                    startedAfter?: string;
                    /** @description 'running' and/or 'paused', repeated or comma-separated */
                    state?: string | string[];
                    /** @description only sandboxes of this template (display name or id) */
                    template?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description sandboxes; more pages via the x-next-token header */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            cpuCount: number;
                            diskSizeMB: number;
                            /**
                             * Format: date-time
                             * @description running: when it times out; paused: until when it is kept
                             */
                            endAt: string;
                            envdVersion: string;
                            memoryMB: number;
                            metadata: {
                                [key: string]: string;
                            };
                            sandboxID: string;
                            /** Format: date-time */
                            startedAt: string;
                            /**
                             * @description 'unknown' while the sandbox's node is down (it may still be running there)
                             * @enum {string}
                             */
                            state: "running" | "paused" | "unknown";
                            /** @description the resolved template id */
                            templateID: string;
                        }[];
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a sandbox from a template (display name or id); autoPause: true pauses it at its end time instead of removing it */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description repeating the request with the same key and body answers the same sandbox (header idempotent-replayed: true); another body answers 409. Retry with it after a 504, whose outcome is unknown */
                    "Idempotency-Key"?: string;
                    /** @description how the sandbox id is made: 'fast' (md5 of name:namespace:time, recorded after the answer) or 'strong' (the record's UUID, recorded first); default from SANDBOX_MODE */
                    "X-Cubicle-Sandbox-Mode"?: "fast" | "strong";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description accepted for E2B compatibility */
                        allow_internet_access?: boolean;
                        /** @description true: the sandbox is paused at its end time instead of removed (lifecycle.onTimeout 'pause') */
                        autoPause?: boolean;
                        /** @description with autoPause, only true (a full pause, the default) is supported: a filesystem-only pause is not */
                        autoPauseMemory?: boolean;
                        /** @description not supported: only {enabled: false} is accepted */
                        autoResume?: Record<string, never>;
                        /** @description environment variables handed to the sandbox (never stored or shown): at most 256 pairs, keys up to 128 characters, values up to 8192 */
                        envVars?: {
                            [key: string]: string;
                        };
                        /** @description not supported: only an empty object is accepted */
                        iam?: Record<string, never>;
                        /** @description not supported: only null is accepted */
                        mcp?: Record<string, never> | null;
                        /** @description metadata shown with the sandbox: at most 64 pairs, keys up to 128 characters, values up to 1024 */
                        metadata?: {
                            [key: string]: string;
                        };
                        /** @description not supported: only an empty object is accepted */
                        network?: Record<string, never>;
                        /** @description accepted for E2B compatibility; the simulated agent has no envd to secure */
                        secure?: boolean;
                        /** @description the template's display name or id ('tpl-…') */
                        templateID: string;
                        /** @description seconds until the sandbox times out, at least 1 and at most the service's maximum (24 hours unless configured; default 300) */
                        timeout?: number;
                        /** @description not supported: only an empty list is accepted */
                        volumeMounts?: unknown[];
                    };
                };
            };
            responses: {
                /** @description started */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_ready, idempotency_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sandbox (running or paused) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description sandbox */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            cpuCount: number;
                            diskSizeMB: number;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            /**
                             * Format: date-time
                             * @description running: when it times out; paused: until when it is kept
                             */
                            endAt: string;
                            envdVersion: string;
                            lifecycle: {
                                /** @description always false: a paused sandbox resumes only when asked (connect) */
                                autoResume: boolean;
                                /**
                                 * @description at its end time the sandbox is removed (kill) or paused (pause)
                                 * @enum {string}
                                 */
                                onTimeout: "kill" | "pause";
                            };
                            memoryMB: number;
                            metadata: {
                                [key: string]: string;
                            };
                            sandboxID: string;
                            /** Format: date-time */
                            startedAt: string;
                            /**
                             * @description 'unknown' while the sandbox's node is down (it may still be running there)
                             * @enum {string}
                             */
                            state: "running" | "paused" | "unknown";
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Stop a sandbox (kill), running or paused */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description stopped */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect: resume a paused sandbox (201) or extend a running one's life, never shortening it (200) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description only true (the default: a full pause, memory included) is supported */
                        memory?: boolean;
                        /** @description seconds from now: a paused sandbox resumes and ends then; a running one lives at least that long (default 300) */
                        timeout?: number;
                    };
                };
            };
            responses: {
                /** @description it was running */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description it was paused and is running again */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable, node_full */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/fork": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not implemented: fork a sandbox (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sandbox's lifecycle events (E2B's older logs), oldest first; also of a sandbox ended a short while ago */
        get: {
            parameters: {
                query?: {
                    /** @description the most entries to return (default 1000) */
                    limit?: string;
                    /** @description only entries at or after this Unix time, in milliseconds */
                    start?: string;
                };
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description log */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            logEntries: {
                                fields: {
                                    [key: string]: string;
                                };
                                /** @enum {string} */
                                level: "debug" | "info" | "warn" | "error";
                                message: string;
                                /** Format: date-time */
                                timestamp: string;
                            }[];
                            logs: {
                                /** @description the entry as a JSON object {level, logger, message} */
                                line: string;
                                /** Format: date-time */
                                timestamp: string;
                            }[];
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sandbox's metrics: its node's sample of now, when now is within [start, end] */
        get: {
            parameters: {
                query?: {
                    /** @description only samples at or before this Unix time, in seconds */
                    end?: string;
                    /** @description only samples at or after this Unix time, in seconds */
                    start?: string;
                };
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description samples */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cpuCount: number;
                            cpuUsedPct: number;
                            /** @description bytes */
                            diskTotal: number;
                            /** @description bytes */
                            diskUsed: number;
                            /** @description bytes (0: a simulated sandbox has no page cache) */
                            memCache: number;
                            /** @description bytes */
                            memTotal: number;
                            /** @description bytes */
                            memUsed: number;
                            /** Format: date-time */
                            timestamp: string;
                            /** @description the same time in Unix seconds */
                            timestampUnix: number;
                        }[];
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/network": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Not implemented: change a sandbox's network rules (an E2B operation) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a running sandbox: it keeps its id, metadata and template, and frees its running capacity until connected again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description only true (the default: a full pause, memory included) is supported */
                        memory?: boolean;
                    };
                };
            };
            responses: {
                /** @description paused */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/refreshes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Keep a running sandbox alive: it lives at least duration seconds from now (never shortened) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description seconds the sandbox lives at least from now, 0 to 3600 (default 300) */
                        duration?: number;
                    };
                };
            };
            responses: {
                /** @description kept alive */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused sandbox (E2B's deprecated resume; connect does the same for a running one too) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description not supported: a sandbox keeps the onTimeout it was created with; leave it out */
                        autoPause?: boolean;
                        /** @description only true (the default: a full pause, memory included) is supported */
                        memory?: boolean;
                        /** @description seconds from now the resumed sandbox ends (default 300) */
                        timeout?: number;
                    };
                };
            };
            responses: {
                /** @description running again */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_running */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable, node_full */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not implemented: snapshot a sandbox (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/{sandboxID}/timeout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set when a running sandbox ends: timeout seconds from now, sooner or later than before (at most the service's maximum) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description seconds until the sandbox times out, at least 1 and at most the service's maximum (24 hours unless configured; default 300) */
                        timeout: number;
                    };
                };
            };
            responses: {
                /** @description its end time moved */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandboxes/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest metrics of several sandboxes (ids that name none of the team's are left out) */
        get: {
            parameters: {
                query: {
                    /** @description sandbox ids joined by commas, at most 100, each once */
                    sandbox_ids: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description by sandbox id */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description by sandbox id; ids that name none of the team's sandboxes are left out */
                            sandboxes: {
                                [key: string]: {
                                    cpuCount: number;
                                    cpuUsedPct: number;
                                    /** @description bytes */
                                    diskTotal: number;
                                    /** @description bytes */
                                    diskUsed: number;
                                    /** @description bytes (0: a simulated sandbox has no page cache) */
                                    memCache: number;
                                    /** @description bytes */
                                    memTotal: number;
                                    /** @description bytes */
                                    memUsed: number;
                                    /** Format: date-time */
                                    timestamp: string;
                                    /** @description the same time in Unix seconds */
                                    timestampUnix: number;
                                };
                            };
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: list secrets (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Not implemented: create a secret (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/secrets/{secretID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: a secret (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    secretID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Not implemented: update a secret (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    secretID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Not implemented: delete a secret (an E2B operation) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    secretID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: list snapshots (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: list teams (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamID}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: a team's metrics (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamID}/metrics/max": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: a team's peak metrics (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    teamID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List templates (newest first; more pages via the x-next-token header) */
        get: {
            parameters: {
                query?: {
                    /** @description a whole number from 1 to 1000 (default 1000) */
                    limit?: string;
                    /** @description only templates whose display name contains this, in any letter case (a search) */
                    name?: string;
                    /** @description the `x-next-token` header of the previous page */
                    nextToken?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            buildCount: number;
                            /** @description the ready build, else the latest one */
                            buildID: string | null;
                            /**
                             * @description the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's
                             * @enum {string}
                             */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            cpuCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            /** @description the root filesystem's size in MiB, of the build a sandbox starts from (0 before a build made one) */
                            diskSizeMB: number;
                            /** @description the envd version of that build (empty before a build made one) */
                            envdVersion: string;
                            /**
                             * Format: date-time
                             * @description when the last of them started
                             */
                            lastSpawnedAt: string | null;
                            memoryMB: number;
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            public: boolean;
                            /** @description sandboxes started from the template */
                            spawnCount: number;
                            templateID: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a template and start its first build */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description repeating the request with the same key and body answers the same template (header idempotent-replayed: true); another body answers 409. Retry with it after a 504, whose outcome is unknown */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E2B's older word for `name`; give one of the two (or both, equal) */
                        alias?: string;
                        /** @description vCPUs, default 2 */
                        cpuCount?: number;
                        /** @description a container image reference such as 'alpine:3.20' or 'ghcr.io/org/app:1.0' (lower-case repository path) */
                        image: string;
                        /** @description memory in MiB, default 512 */
                        memoryMB?: number;
                        /** @description a display name: ASCII letters, digits, '-' and '_', at most 256 characters, unique regardless of letter case */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description build accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            buildID: string;
                            /**
                             * @description the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's
                             * @enum {string}
                             */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            cpuCount: number;
                            memoryMB: number;
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            public: boolean;
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description name_taken, idempotency_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A template with its builds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description template */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            buildCount: number;
                            /** @description the ready build, else the latest one */
                            buildID: string | null;
                            /** @description newest first */
                            builds: {
                                buildID: string;
                                cpuCount: number;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description what a ready build made; absent before */
                                diskSizeMB?: number;
                                /** @description what a ready build made; absent before */
                                envdVersion?: string;
                                /**
                                 * Format: date-time
                                 * @description absent until the build has finished
                                 */
                                finishedAt?: string;
                                memoryMB: number;
                                /** @enum {string} */
                                status: "waiting" | "building" | "ready" | "error";
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /**
                             * @description the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's
                             * @enum {string}
                             */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            cpuCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            /** @description the root filesystem's size in MiB, of the build a sandbox starts from (0 before a build made one) */
                            diskSizeMB: number;
                            /** @description the envd version of that build (empty before a build made one) */
                            envdVersion: string;
                            /**
                             * Format: date-time
                             * @description when the last of them started
                             */
                            lastSpawnedAt: string | null;
                            memoryMB: number;
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            public: boolean;
                            /** @description sandboxes started from the template */
                            spawnCount: number;
                            templateID: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Rebuild a template, optionally with another image or size */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description repeating the request with the same key and body answers the same build (header idempotent-replayed: true); another body answers 409. Retry with it after a 504, whose outcome is unknown */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description vCPUs, default 2 */
                        cpuCount?: number;
                        /** @description a container image reference such as 'alpine:3.20' or 'ghcr.io/org/app:1.0' (lower-case repository path) */
                        image?: string;
                        /** @description memory in MiB, default 512 */
                        memoryMB?: number;
                    };
                };
            };
            responses: {
                /** @description build accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            buildID: string;
                            /**
                             * @description the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's
                             * @enum {string}
                             */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            cpuCount: number;
                            memoryMB: number;
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            public: boolean;
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description build_in_progress, idempotency_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Delete a template and its builds */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a template (name: null clears its name) and/or make it public or private */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the new display name, or null to clear it */
                        name?: string | null;
                        /** @description whether other teams may read the template (by id or 'team-slug/name') and start sandboxes from it */
                        public?: boolean;
                    };
                };
            };
            responses: {
                /** @description updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description name_taken */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/templates/{ref}/builds/{buildID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a build (builds start when submitted: confirms it and reports its status) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a build id (a UUID) */
                    buildID: string;
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buildID: string;
                            /** @enum {string} */
                            status: "waiting" | "building" | "ready" | "error";
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, build_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{ref}/builds/{buildID}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A build's log: forward from a time (oldest first) or backward to it (newest first), by level */
        get: {
            parameters: {
                query?: {
                    /** @description milliseconds since the epoch: entries from (forward) or up to (backward) this time */
                    cursor?: string;
                    /** @description default forward */
                    direction?: "forward" | "backward";
                    /** @description the lowest level to return */
                    level?: "debug" | "info" | "warn" | "error";
                    /** @description a whole number from 0 to 100 (default 100) */
                    limit?: string;
                    /** @description accepted for E2B's SDK: a build's logs are kept with it */
                    source?: "temporary" | "persistent";
                };
                header?: never;
                path: {
                    /** @description a build id (a UUID) */
                    buildID: string;
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            logs: {
                                /** @enum {string} */
                                level: "debug" | "info" | "warn" | "error";
                                message: string;
                                step?: string;
                                /** Format: date-time */
                                timestamp: string;
                            }[];
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, build_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{ref}/builds/{buildID}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A build's status and a window of its log */
        get: {
            parameters: {
                query?: {
                    /** @description the lowest log level to return */
                    level?: "debug" | "info" | "warn" | "error";
                    /** @description a whole number from 0 to 100 (default 100) */
                    limit?: string;
                    /** @description index of the first log entry to return (default 0) */
                    logsOffset?: string;
                };
                header?: never;
                path: {
                    /** @description a build id (a UUID) */
                    buildID: string;
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buildID: string;
                            logEntries: {
                                /** @enum {string} */
                                level: "debug" | "info" | "warn" | "error";
                                message: string;
                                step?: string;
                                /** Format: date-time */
                                timestamp: string;
                            }[];
                            /** @description the log entries' messages, as E2B's older clients read them */
                            logs: string[];
                            /** @description why the build failed */
                            reason?: {
                                message: string;
                                step?: string;
                            };
                            /** @enum {string} */
                            status: "waiting" | "building" | "ready" | "error";
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, build_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{ref}/files/{hash}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a file set (a COPY step's files) is stored, and if not, a link to upload it to (valid for this hash, for UPLOAD_LINK_TTL_MS) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the file set's SHA-256 (64 hex characters), as E2B's SDK computes it */
                    hash: string;
                    /** @description a template's display name or id ('tpl-…'), optionally with ':tag' */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description stored, or where to upload it */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description whether the file set is already stored */
                            present: boolean;
                            /** @description where to PUT the file set (a tar archive, gzip'd or not) when it is not; valid for this hash until it expires */
                            url?: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/{ref}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A template's tags and the builds they name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description tags */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buildID: string;
                            /** Format: date-time */
                            createdAt: string;
                            tag: string;
                        }[];
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, tag_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a display name (or 'name:tag', or a template id) is held (E2B's Template.exists) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a display name: ASCII letters, digits, '-' and '_', at most 256 characters, unique regardless of letter case */
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description held */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            public: boolean;
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find the template holding a display name */
        get: {
            parameters: {
                query: {
                    /** @description a display name: ASCII letters, digits, '-' and '_', at most 256 characters, unique regardless of letter case */
                    name: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description found */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the build a tag names; without one, the ready build (else the latest) */
                            buildID?: string | null;
                            /** @enum {string} */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tag a ready build: target 'name:tag' (no tag: the ready build); assigning 'default' makes that build the template's */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tags: string[];
                        /** @description the build to tag: 'name:tag' (no tag: the ready build) */
                        target: string;
                    };
                };
            };
            responses: {
                /** @description assigned */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buildID: string;
                            tags: string[];
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, tag_not_found, build_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_ready */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Remove tags from a template (all or none; 'default' cannot be removed) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the template */
                        name: string;
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, tag_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Upload a file set (a tar archive, gzip'd or not) to the link given for its hash; no API key, the link is the credential */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the token of an upload link */
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/octet-stream": string;
                };
            };
            responses: {
                /** @description already stored: nothing written */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description bytes stored (0 when the set was already there) */
                            bytes: number;
                            hash: string;
                        };
                    };
                };
                /** @description stored */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description bytes stored (0 when the set was already there) */
                            bytes: number;
                            hash: string;
                        };
                    };
                };
                /** @description invalid_request, upload_hash_mismatch, upload_incomplete */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upload_link_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandboxes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sandboxes (newest first, 100 a page by default) */
        get: {
            parameters: {
                query?: {
                    /** @description a whole number from 1 to 1000 (default 100) */
                    limit?: string;
                    /** @description URL-encoded pairs the sandbox's metadata must hold, e.g. 'user=abc&app=prod' */
                    metadata?: string;
                    /** @description the `x-next-token` header of the previous page */
                    nextToken?: string;
                    /** @description by start time (default desc, newest first) */
                    order?: "asc" | "desc";
                    /** @description only sandboxes started at or after this time */
                    startedAfter?: string;
                    /** @description 'running' and/or 'paused', repeated or comma-separated */
                    state?: string | string[];
                    /** @description only sandboxes of this template (display name or id) */
                    template?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description sandboxes; more pages via the x-next-token header */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            cpuCount: number;
                            diskSizeMB: number;
                            /**
                             * Format: date-time
                             * @description running: when it times out; paused: until when it is kept
                             */
                            endAt: string;
                            envdVersion: string;
                            memoryMB: number;
                            metadata: {
                                [key: string]: string;
                            };
                            sandboxID: string;
                            /** Format: date-time */
                            startedAt: string;
                            /**
                             * @description 'unknown' while the sandbox's node is down (it may still be running there)
                             * @enum {string}
                             */
                            state: "running" | "paused" | "unknown";
                            /** @description the resolved template id */
                            templateID: string;
                        }[];
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a sandbox from a template (display name or id); autoPause: true pauses it at its end time instead of removing it */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description repeating the request with the same key and body answers the same sandbox (header idempotent-replayed: true); another body answers 409. Retry with it after a 504, whose outcome is unknown */
                    "Idempotency-Key"?: string;
                    /** @description how the sandbox id is made: 'fast' (md5 of name:namespace:time, recorded after the answer) or 'strong' (the record's UUID, recorded first); default from SANDBOX_MODE */
                    "X-Cubicle-Sandbox-Mode"?: "fast" | "strong";
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description accepted for E2B compatibility */
                        allow_internet_access?: boolean;
                        /** @description true: the sandbox is paused at its end time instead of removed (lifecycle.onTimeout 'pause') */
                        autoPause?: boolean;
                        /** @description with autoPause, only true (a full pause, the default) is supported: a filesystem-only pause is not */
                        autoPauseMemory?: boolean;
                        /** @description not supported: only {enabled: false} is accepted */
                        autoResume?: Record<string, never>;
                        /** @description environment variables handed to the sandbox (never stored or shown): at most 256 pairs, keys up to 128 characters, values up to 8192 */
                        envVars?: {
                            [key: string]: string;
                        };
                        /** @description not supported: only an empty object is accepted */
                        iam?: Record<string, never>;
                        /** @description not supported: only null is accepted */
                        mcp?: Record<string, never> | null;
                        /** @description metadata shown with the sandbox: at most 64 pairs, keys up to 128 characters, values up to 1024 */
                        metadata?: {
                            [key: string]: string;
                        };
                        /** @description not supported: only an empty object is accepted */
                        network?: Record<string, never>;
                        /** @description accepted for E2B compatibility; the simulated agent has no envd to secure */
                        secure?: boolean;
                        /** @description the template's display name or id ('tpl-…') */
                        templateID: string;
                        /** @description seconds until the sandbox times out, at least 1 and at most the service's maximum (24 hours unless configured; default 300) */
                        timeout?: number;
                        /** @description not supported: only an empty list is accepted */
                        volumeMounts?: unknown[];
                    };
                };
            };
            responses: {
                /** @description started */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_ready, idempotency_conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandboxes/{sandboxID}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Connect: resume a paused sandbox (201) or extend a running one's life, never shortening it (200) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description only true (the default: a full pause, memory included) is supported */
                        memory?: boolean;
                        /** @description seconds from now: a paused sandbox resumes and ends then; a running one lives at least that long (default 300) */
                        timeout?: number;
                    };
                };
            };
            responses: {
                /** @description it was running */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description it was paused and is running again */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the template's display name, when it has one */
                            alias?: string;
                            /** @description the template build the sandbox runs */
                            buildID: string;
                            /** @description deprecated in E2B: the node agent holding the sandbox */
                            clientID: string;
                            /** @description where the sandbox's envd traffic goes (SANDBOX_DOMAIN): never one of E2B's hosts */
                            domain: string;
                            envdVersion: string;
                            sandboxID: string;
                            /** @description the resolved template id */
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable, node_full */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandboxes/{sandboxID}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sandbox's lifecycle events, paged by time from a cursor, filtered by level and text */
        get: {
            parameters: {
                query?: {
                    /** @description where to start, a Unix time in milliseconds: entries at or after it (forward) or at or before it (backward) */
                    cursor?: string;
                    /** @description forward (the default): oldest first from the cursor; backward: newest first back from it */
                    direction?: "forward" | "backward";
                    /** @description the lowest level to return */
                    level?: "debug" | "info" | "warn" | "error";
                    /** @description the most entries to return, 0 to 1000 (default 1000) */
                    limit?: string;
                    /** @description only entries whose message contains this text (letter case counts) */
                    search?: string;
                };
                header?: never;
                path: {
                    /** @description a sandbox id: 1 to 128 letters, digits, '-' and '_' (Cubicle's are 32 hex characters or a UUID) */
                    sandboxID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description log */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            logs: {
                                fields: {
                                    [key: string]: string;
                                };
                                /** @enum {string} */
                                level: "debug" | "info" | "warn" | "error";
                                message: string;
                                /** Format: date-time */
                                timestamp: string;
                            }[];
                        };
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description sandbox_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error, agent_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable, node_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List templates (the same list as GET /templates) */
        get: {
            parameters: {
                query?: {
                    /** @description a whole number from 1 to 1000 (default 1000) */
                    limit?: string;
                    /** @description only templates whose display name contains this, in any letter case (a search) */
                    name?: string;
                    /** @description the `x-next-token` header of the previous page */
                    nextToken?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            buildCount: number;
                            /** @description the ready build, else the latest one */
                            buildID: string | null;
                            /**
                             * @description the status of `buildID`: the ready build's once there is one (a rebuild running or failed does not change it), else the latest build's
                             * @enum {string}
                             */
                            buildStatus: "waiting" | "building" | "ready" | "error";
                            cpuCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            /** @description the root filesystem's size in MiB, of the build a sandbox starts from (0 before a build made one) */
                            diskSizeMB: number;
                            /** @description the envd version of that build (empty before a build made one) */
                            envdVersion: string;
                            /**
                             * Format: date-time
                             * @description when the last of them started
                             */
                            lastSpawnedAt: string | null;
                            memoryMB: number;
                            /** @description the display name, or empty when the template has none */
                            names: string[];
                            public: boolean;
                            /** @description sandboxes started from the template */
                            spawnCount: number;
                            templateID: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description invalid_request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a template by name, or make a new build of the team's template with that name, waiting for its spec (E2B's deprecated v2) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the template's display name, optionally with ':tag' (the build takes that tag too) */
                        alias: string;
                        /** @description vCPUs, default 2 */
                        cpuCount?: number;
                        /** @description memory in MiB, default 512 */
                        memoryMB?: number;
                        /** @description deprecated in E2B; the API key's team is used */
                        teamID?: string;
                    };
                };
            };
            responses: {
                /** @description build requested */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            aliases: string[];
                            buildCount: number;
                            buildID: string;
                            cpuCount: number;
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: null;
                            diskSizeMB: number;
                            envdVersion: string;
                            /** Format: date-time */
                            lastSpawnedAt: string | null;
                            memoryMB: number;
                            public: boolean;
                            spawnCount: number;
                            templateID: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description name_taken, build_in_progress */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/templates/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Make a template public or private (E2B's publish and unpublish) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description whether other teams may read the template (by id or 'team-slug/name') and start sandboxes from it */
                        public: boolean;
                    };
                };
            };
            responses: {
                /** @description updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            names: string[];
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v2/templates/{ref}/builds/{buildID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a requested build with E2B's build spec (fromImage or fromTemplate, steps, start and ready commands); the same spec again answers the same */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a build id (a UUID) */
                    buildID: string;
                    /** @description a template's display name, 'team-slug/name' (another team's public template) or id ('tpl-…') */
                    ref: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        force?: boolean;
                        /** @description a container image reference such as 'alpine:3.20' or 'ghcr.io/org/app:1.0' (lower-case repository path) */
                        fromImage?: string;
                        fromImageRegistry?: Record<string, never>;
                        fromTemplate?: string;
                        readyCmd?: string;
                        startCmd?: string;
                        steps?: {
                            args?: string[];
                            filesHash?: string;
                            force?: boolean;
                            type: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buildID: string;
                            status: string;
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description template_not_found, build_not_found, tag_not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description build_already_started, template_not_ready */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v3/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a template by name (a name the team holds gets a new build instead), with a build waiting for its spec; 'name:tag' tags the build when it is ready */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E2B's deprecated word for `name` */
                        alias?: string;
                        /** @description vCPUs, default 2 */
                        cpuCount?: number;
                        /** @description memory in MiB, default 512 */
                        memoryMB?: number;
                        /** @description accepted for E2B's SDK; the simulated builder has no disk to keep free */
                        minFreeDiskMb?: number;
                        /** @description the template's display name, optionally with ':tag' (the build takes that tag too) */
                        name?: string;
                        /** @description tags the build takes when it is ready (besides 'default') */
                        tags?: string[];
                        /** @description deprecated in E2B; the API key's team is used */
                        teamID?: string;
                    };
                };
            };
            responses: {
                /** @description build requested */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description deprecated in E2B: the same as `names` */
                            aliases: string[];
                            /** @description the build waiting for its spec */
                            buildID: string;
                            names: string[];
                            public: boolean;
                            tags: string[];
                            templateID: string;
                        };
                    };
                };
                /** @description invalid_request, invalid_name */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description name_taken, build_in_progress */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited, quota_exceeded */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description upstream_timeout */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volumes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: list volumes (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Not implemented: create a volume (an E2B operation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/volumes/{volumeID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not implemented: a volume (an E2B operation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    volumeID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Not implemented: delete a volume (an E2B operation) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    volumeID: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description rate_limited */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_implemented */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Error: {
            /** @description the HTTP status, repeated */
            code: number;
            details?: Record<string, never>;
            /** @enum {string} */
            error_code: "invalid_request" | "invalid_name" | "unauthorized" | "forbidden" | "not_found" | "method_not_allowed" | "request_timeout" | "template_not_found" | "build_not_found" | "sandbox_not_found" | "team_not_found" | "api_key_not_found" | "tag_not_found" | "upload_link_invalid" | "upload_hash_mismatch" | "upload_incomplete" | "name_taken" | "build_in_progress" | "template_not_ready" | "build_already_started" | "idempotency_conflict" | "slug_taken" | "sandbox_exists" | "node_id_taken" | "sandbox_paused" | "sandbox_running" | "node_unavailable" | "rate_limited" | "quota_exceeded" | "payload_too_large" | "unsupported_media_type" | "headers_too_large" | "internal_error" | "not_implemented" | "upstream_error" | "agent_error" | "service_unavailable" | "node_full" | "no_node_available" | "upstream_unavailable" | "upstream_timeout";
            message: string;
            /** @description also in the `x-request-id` header */
            requestId: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
