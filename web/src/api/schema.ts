// Generated from the OpenAPI document of services/api (routes.ts) by openapi-typescript.
// Do not edit: run `npm run console:api` after changing an operation or a schema.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness; no credentials */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document; no credentials (its securitySchemes say how to authenticate) */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List chats, newest first */
        get: operations["listChats"];
        put?: never;
        /** Create a chat */
        post: operations["createChat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chats/{chatId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chat with its messages */
        get: operations["getChat"];
        /** Set a chat's double-texting policy (ADR 0029) */
        put: operations["updateChat"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/chats/{chatId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message: the answer within the sync budget, else 202 and the run to follow (at once with Prefer: respond-async) */
        post: operations["postMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List runs, newest first, by status and time */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run: status, plan, steps, model calls and its event log */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit a run from its records: hash chain, re-derivation, verdict match or diverged at seq k */
        get: operations["auditRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/bundle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a run as a verifiable bundle (JSON lines + chain head), for chorus audit --bundle */
        get: operations["exportRunBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A step's whole output as a text file (a large output read from where its reference points) */
        get: operations["getStepOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/anchors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's signed anchor heads (ADR 0019); with `from`/`to`, the proof that the newer extends the older */
        get: operations["listAnchorHeads"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/replays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-deliver a window of the caller's archive to the projector under a replay name */
        post: operations["startReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/replays/{name}/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run's replayed view next to its live one */
        get: operations["compareReplay"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a run (ends it RunFailed, code run.cancelled) */
        post: operations["cancelRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (optionally with an edited plan) or reject a run that waits for approval; the first decision wins */
        post: operations["decideApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{runId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The run's events as server-sent events, until it ends */
        get: operations["streamRunEvents"];
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
        /** List team definitions (latest versions) */
        get: operations["listTeams"];
        put?: never;
        /** Create a team */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A team (latest version, or `?version=n`) */
        get: operations["getTeam"];
        /** Save a new version of a team */
        put: operations["putTeam"];
        post?: never;
        /** Delete a team (history kept) */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/default-teams/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore the default teams (researcher, writer): a new version of each deleted or changed one */
        post: operations["resetTeams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tools": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tools the tenant's teams may use */
        get: operations["listTools"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List triggers (latest versions) */
        get: operations["listTriggers"];
        put?: never;
        /** Create a trigger: event pattern → request template → run */
        post: operations["createTrigger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/triggers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A trigger (latest version, or `?version=n`) */
        get: operations["getTrigger"];
        /** Save a new version of a trigger */
        put: operations["putTrigger"];
        post?: never;
        /** Delete a trigger */
        delete: operations["deleteTrigger"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish external events (PutEvents-like, per-entry results) */
        post: operations["postEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events/schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** JSON Schema of every event version (or of one name and version) */
        get: operations["getEventSchemas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's stored prompts by name, each with its latest version and when it was saved */
        get: operations["listPrompts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A prompt (latest version, or `?version=n`) */
        get: operations["getPrompt"];
        /** Save a new version of a prompt */
        put: operations["putPrompt"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's dead letters: messages a consumer's queue gave up on, with the reason, oldest first */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dead-letters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A dead letter with its event */
        get: operations["getDeadLetter"];
        put?: never;
        post?: never;
        /** Drop a dead letter without delivering it (its run stays as it is) */
        delete: operations["discardDeadLetter"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dead-letters/{id}/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put the message back on its queue; a run that failed only because of it is resumed (RunResumed) and goes on */
        post: operations["redriveDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's usage of ended runs (tokens, tool calls, model calls, cost in USD, steps, runs) by day and by team (ADR 0031) */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @description dotted error code, e.g. team.invalid or auth.expiredToken */
                code: string;
                message: string;
                problems?: string[];
            };
        };
    };
    responses: {
        /** @description the path exists, the method does not */
        MethodNotAllowed: {
            headers: {
                /** @description the methods the path serves */
                Allow: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listChats: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of chats */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chats: {
                            chatId: string;
                            title?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /**
                             * @description what a message does while the chat has a run going; absent: `enqueue` (ADR 0029)
                             * @enum {string}
                             */
                            multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                            /** @description the last run a message of this chat started or queued */
                            activeRunId?: string;
                            /**
                             * Format: date-time
                             * @description when `activeRunId` was last moved
                             */
                            activeAt?: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createChat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chatId?: string;
                    title?: string;
                    /**
                     * @description while the chat has a run going: `reject` (409 chat.busy), `enqueue` (the default: starts when it ends), `interrupt` (cancel it, start this one), `rollback` (cancel it and mark it discarded)
                     * @enum {string}
                     */
                    multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                };
            };
        };
        responses: {
            /** @description created */
            201: {
                headers: {
                    /** @description the chat */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chatId: string;
                        title?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /**
                         * @description what a message does while the chat has a run going; absent: `enqueue` (ADR 0029)
                         * @enum {string}
                         */
                        multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                        /** @description the last run a message of this chat started or queued */
                        activeRunId?: string;
                        /**
                         * Format: date-time
                         * @description when `activeRunId` was last moved
                         */
                        activeAt?: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description chat id in use */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getChat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                chatId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the chat */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chatId: string;
                        title?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /**
                         * @description what a message does while the chat has a run going; absent: `enqueue` (ADR 0029)
                         * @enum {string}
                         */
                        multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                        /** @description the last run a message of this chat started or queued */
                        activeRunId?: string;
                        /**
                         * Format: date-time
                         * @description when `activeRunId` was last moved
                         */
                        activeAt?: string;
                        messages: {
                            messageId: string;
                            /** @enum {string} */
                            role: "user" | "assistant";
                            content: string;
                            runId: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such chat */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateChat: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                chatId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description while the chat has a run going: `reject` (409 chat.busy), `enqueue` (the default: starts when it ends), `interrupt` (cancel it, start this one), `rollback` (cancel it and mark it discarded)
                     * @enum {string}
                     */
                    multitask: "reject" | "enqueue" | "interrupt" | "rollback";
                };
            };
        };
        responses: {
            /** @description the chat */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        chatId: string;
                        title?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /**
                         * @description what a message does while the chat has a run going; absent: `enqueue` (ADR 0029)
                         * @enum {string}
                         */
                        multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                        /** @description the last run a message of this chat started or queued */
                        activeRunId?: string;
                        /**
                         * Format: date-time
                         * @description when `activeRunId` was last moved
                         */
                        activeAt?: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such chat */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description a retry with the same key gets the first answer again (24 h); 1-255 printable ASCII, a UUID is a good choice */
                "Idempotency-Key"?: string;
                /** @description `respond-async` (RFC 7240): answer 202 at once, not within the sync budget */
                Prefer?: string;
            };
            path: {
                chatId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content: string;
                    /**
                     * @description `plan`: the run stops after its plan and waits for POST /runs/{runId}/approval (ADR 0023)
                     * @enum {string}
                     */
                    approval?: "plan";
                    /**
                     * @description while the chat has a run going: `reject` (409 chat.busy), `enqueue` (the default: starts when it ends), `interrupt` (cancel it, start this one), `rollback` (cancel it and mark it discarded)
                     * @enum {string}
                     */
                    multitask?: "reject" | "enqueue" | "interrupt" | "rollback";
                    /** @description the run's limits (`maxTokens`, `maxToolCalls`, `maxSteps`, `maxDurationSec`, `maxCostUsd`): each within the tenant's ceiling (400 otherwise), over its default; reaching one ends the run `budget.exceeded` (ADR 0031) */
                    budget?: {
                        maxTokens?: number;
                        maxToolCalls?: number;
                        maxSteps?: number;
                        maxDurationSec?: number;
                        maxCostUsd?: number;
                    };
                };
            };
        };
        responses: {
            /** @description the run ended within the budget */
            200: {
                headers: {
                    /** @description the run */
                    "Content-Location": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "completed" | "failed";
                        runId: string;
                        messageId: string;
                        reply?: string;
                        failure?: {
                            code: string;
                            message: string;
                            retryable: boolean;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description handed over: follow Location */
            202: {
                headers: {
                    /** @description the run to follow */
                    Location: string;
                    /** @description `respond-async` when `Prefer: respond-async` was honoured */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "accepted";
                        runId: string;
                        messageId: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description chat.busy: the chat has a run going and the policy is `reject` (the error names the run) */
            409: {
                headers: {
                    /** @description seconds to wait while a request with this Idempotency-Key is in progress */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: {
                status?: "requested" | "running" | "awaiting_approval" | "completed" | "failed";
                /** @description runs created at or after this instant (UTC); not after `until` */
                since?: string;
                /** @description runs created at or before this instant (UTC) */
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: {
                            runId: string;
                            /** @enum {string} */
                            status: "requested" | "running" | "awaiting_approval" | "completed" | "failed";
                            request: string;
                            chatId?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        /** @enum {string} */
                        status: "requested" | "running" | "awaiting_approval" | "completed" | "failed";
                        request: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        chatId?: string;
                        output?: string;
                        failure?: {
                            code: string;
                            message: string;
                            retryable: boolean;
                        };
                        /** @description a queued message: the run of its chat it waited for (ADR 0029) */
                        afterRunId?: string;
                        /**
                         * Format: date-time
                         * @description a later message of the chat rolled this run back (`rollback`, ADR 0029)
                         */
                        discardedAt?: string;
                        plan?: {
                            goal: string;
                            steps: ({
                                id: string;
                                team: string;
                                instruction: string;
                                dependsOn: string[];
                            } & {
                                [key: string]: unknown;
                            })[];
                        } & {
                            [key: string]: unknown;
                        };
                        model?: {
                            provider: string;
                            model: string;
                            offline: boolean;
                        } & {
                            [key: string]: unknown;
                        };
                        steps: ({
                            stepId: string;
                            team: string;
                            /** @enum {string} */
                            status: "queued" | "completed" | "failed" | "aborted";
                            inputs: ({
                                stepId: string;
                                output: {
                                    text: string;
                                    ref?: {
                                        key: string;
                                        bytes: number;
                                        sha256: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    usage?: {
                                        inputTokens: number;
                                        outputTokens: number;
                                        toolCalls: number;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            })[];
                            output?: {
                                text: string;
                                ref?: {
                                    key: string;
                                    bytes: number;
                                    sha256: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                usage?: {
                                    inputTokens: number;
                                    outputTokens: number;
                                    toolCalls: number;
                                } & {
                                    [key: string]: unknown;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                        } & {
                            [key: string]: unknown;
                        })[];
                        modelCalls: ({
                            /** @description true: the record matches the digest its step or plan event committed to; false: it does not (edited, or added after its step ended), see `verification`; null: not committed yet (step running) or logged before commitments */
                            verified: boolean | null;
                            /** @description why the record is not verified */
                            verification?: string;
                            stepId: string;
                            callId: string;
                            provider: string;
                            model: string;
                            offline: boolean;
                            prompt?: {
                                name: string;
                                version: number;
                            } & {
                                [key: string]: unknown;
                            };
                            inputHash: string;
                            output: string;
                            outputTruncated: boolean;
                            usage: {
                                inputTokens: number;
                                outputTokens: number;
                                totalTokens: number;
                            };
                            latencyMs: number;
                            error?: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            startedAt: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        toolCalls: ({
                            /** @description true: the record matches the digest its step or plan event committed to; false: it does not (edited, or added after its step ended), see `verification`; null: not committed yet (step running) or logged before commitments */
                            verified: boolean | null;
                            /** @description why the record is not verified */
                            verification?: string;
                            stepId: string;
                            callId: string;
                            tool: string;
                            input: unknown;
                            result: {
                                ok: boolean;
                                data?: unknown;
                                meta?: unknown;
                                error?: {
                                    code: string;
                                    message: string;
                                    retryable: boolean;
                                };
                            } & {
                                [key: string]: unknown;
                            };
                            durationMs: number;
                            startedAt: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        /** @description call records checked against the chain; `missing`: committed calls whose record is gone */
                        callChecks: {
                            verified: number;
                            unverified: number;
                            uncommitted: number;
                            missing: {
                                /** @enum {string} */
                                kind: "model" | "tool";
                                callId: string;
                                stepId: string;
                                seq: number;
                            }[];
                        };
                        usage: {
                            [key: string]: number;
                        };
                        events: ({
                            seq: number;
                            name: string;
                            version: number;
                            eventId: string;
                            occurredAt: string;
                            causationId: string | null;
                            route: string;
                            /** @description who caused the event: a user, an API key, an outside system or a Chorus service */
                            actor?: {
                                kind: string;
                                id: string;
                                sourceIp?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            data: unknown;
                        } & {
                            [key: string]: unknown;
                        })[];
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    auditRun: {
        parameters: {
            query?: {
                /** @description `json` (application/json) or `text` (text/plain, as `chorus audit` prints it) */
                format?: "json" | "text";
            };
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the audit report: JSON, or text with `?format=text` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        verdict: {
                            /** @constant */
                            verdict: "match";
                        } | {
                            /** @constant */
                            verdict: "in_progress";
                            seq: number;
                        } | ({
                            /** @constant */
                            verdict: "diverged";
                            seq: number;
                            difference: string;
                        } & {
                            [key: string]: unknown;
                        });
                        chain: {
                            [key: string]: unknown;
                        };
                        steps: {
                            [key: string]: unknown;
                        }[];
                        usage: {
                            [key: string]: number;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                    "text/plain": string;
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportRunBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bundle: one JSON record a line */
            200: {
                headers: {
                    /** @description a file name for the bundle */
                    "Content-Disposition": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getStepOutput: {
        parameters: {
            query: {
                /** @description the id of a step of the run's plan */
                step: string;
            };
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the whole output */
            200: {
                headers: {
                    /** @description a file name for the output */
                    "Content-Disposition": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run, or the step has no output */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAnchorHeads: {
        parameters: {
            query?: {
                /** @description the older signed head, by tree size (default: the first) */
                from?: number;
                /** @description the newer signed head, by tree size (default: the latest) */
                to?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the signed heads (tree sizes), the latest, a consistency proof if asked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        anchoring: boolean;
                        heads: number[];
                        latest?: {
                            /** @constant */
                            format: "chorus.signed-head/1";
                            tenantId: string;
                            treeSize: number;
                            rootHash: string;
                            previous: string | null;
                            /** Format: date-time */
                            signedAt: string;
                            keyId: string;
                            signature: string;
                        };
                        consistency?: {
                            older: {
                                /** @constant */
                                format: "chorus.signed-head/1";
                                tenantId: string;
                                treeSize: number;
                                rootHash: string;
                                previous: string | null;
                                /** Format: date-time */
                                signedAt: string;
                                keyId: string;
                                signature: string;
                            };
                            newer: {
                                /** @constant */
                                format: "chorus.signed-head/1";
                                tenantId: string;
                                treeSize: number;
                                rootHash: string;
                                previous: string | null;
                                /** Format: date-time */
                                signedAt: string;
                                keyId: string;
                                signature: string;
                            };
                            proof: string[];
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no signed head of that size */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startReplay: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    from: string;
                    /** Format: date-time */
                    to: string;
                    name: string;
                    runId?: string;
                };
            };
        };
        responses: {
            /** @description the replay started */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        events: number;
                        runs: {
                            tenantId: string;
                            runId: string;
                            windowSeqs?: {
                                first: number;
                                last: number;
                            };
                            logSeq?: number;
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description this runtime replays through EventBridge */
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
    compareReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description both views and whether they are equal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        equal: boolean;
                        live?: unknown;
                        replayed?: unknown;
                        partial?: {
                            replayedSeq: number;
                            liveSeq: number;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no replays here */
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
    cancelRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    reason?: string;
                } | null;
            };
        };
        responses: {
            /** @description cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        /** @enum {string} */
                        status: "requested" | "running" | "awaiting_approval" | "completed" | "failed";
                        failure?: {
                            code: string;
                            message: string;
                            retryable: boolean;
                        };
                    };
                };
            };
            /** @description cancel requested */
            202: {
                headers: {
                    /** @description the run */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        /** @enum {string} */
                        status: "requested" | "running" | "awaiting_approval" | "completed" | "failed";
                        failure?: {
                            code: string;
                            message: string;
                            retryable: boolean;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the run ended otherwise */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    decideApproval: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    decision: "approve" | "reject";
                    reason?: string;
                    /** @description an edited plan to run instead of the planner's, only with "approve": `{ goal, steps: [{ id, team, instruction, dependsOn }] }` (the Plan of PlanCreated v2 in GET /events/schemas), checked exactly as the planner checks one (schema, DAG, known teams, step limit); every problem in one 400 plan.invalid */
                    plan?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description decision recorded; the supervisor resumes or ends the run */
            202: {
                headers: {
                    /** @description the run */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runId: string;
                        /** @enum {string} */
                        decision: "approve" | "reject" | "timeout";
                        actor: {
                            /** @enum {string} */
                            kind: "user" | "apiKey" | "external" | "system";
                            id: string;
                            sourceIp?: string;
                        };
                        decidedAt: string;
                        reason?: string;
                        edited: boolean;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the run does not wait for approval, or another decision came first (named) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamRunEvents: {
        parameters: {
            query?: {
                /** @description send the events after this seq */
                after?: number;
            };
            header?: {
                /** @description the last seq the client has (as `?after=`) */
                "Last-Event-ID"?: number;
            };
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description event stream: id = seq, event = name, data = envelope */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        /** @description the event's seq: send it back as Last-Event-ID to resume */
                        id: string;
                        /** @description the event name, e.g. StepCompleted */
                        event: string;
                        /** @description the event envelope as JSON */
                        data: string;
                        /** @description reconnection delay in ms */
                        retry?: number;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such run */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description teams */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        teams: {
                            name: string;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            definition: {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "llm";
                                prompt: string | {
                                    prompt: string;
                                    version?: number;
                                };
                            } | {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "agent";
                                prompt: string | {
                                    prompt: string;
                                    version?: number;
                                };
                                /** @default 6 */
                                maxIterations: number;
                            } | {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "custom";
                                module: string;
                                /** @default createGraph */
                                export: string;
                            };
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "llm";
                    prompt: string | {
                        prompt: string;
                        version?: number;
                    };
                } | {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "agent";
                    prompt: string | {
                        prompt: string;
                        version?: number;
                    };
                    /** @default 6 */
                    maxIterations?: number;
                } | {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "custom";
                    module: string;
                    /** @default createGraph */
                    export?: string;
                };
            };
        };
        responses: {
            /** @description version 1 */
            201: {
                headers: {
                    /** @description the team */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "llm";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "agent";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                            /** @default 6 */
                            maxIterations: number;
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "custom";
                            module: string;
                            /** @default createGraph */
                            export: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description name in use */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTeam: {
        parameters: {
            query?: {
                /** @description a version to read (1 is the first); the latest when left out */
                version?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the team */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "llm";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "agent";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                            /** @default 6 */
                            maxIterations: number;
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "custom";
                            module: string;
                            /** @default createGraph */
                            export: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such team */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "llm";
                    prompt: string | {
                        prompt: string;
                        version?: number;
                    };
                } | {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "agent";
                    prompt: string | {
                        prompt: string;
                        version?: number;
                    };
                    /** @default 6 */
                    maxIterations?: number;
                } | {
                    name: string;
                    description: string;
                    model?: {
                        name?: string;
                        temperature?: number;
                    };
                    /** @default [] */
                    tools?: string[];
                    outputSchema?: {
                        [key: string]: unknown;
                    };
                    requiresApproval?: boolean;
                    /** @constant */
                    shape: "custom";
                    module: string;
                    /** @default createGraph */
                    export?: string;
                };
            };
        };
        responses: {
            /** @description the new version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "llm";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "agent";
                            prompt: string | {
                                prompt: string;
                                version?: number;
                            };
                            /** @default 6 */
                            maxIterations: number;
                        } | {
                            name: string;
                            description: string;
                            model?: {
                                name?: string;
                                temperature?: number;
                            };
                            /** @default [] */
                            tools: string[];
                            outputSchema?: {
                                [key: string]: unknown;
                            };
                            requiresApproval?: boolean;
                            /** @constant */
                            shape: "custom";
                            module: string;
                            /** @default createGraph */
                            export: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such team */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resetTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the default teams as now stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        teams: {
                            name: string;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            definition: {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "llm";
                                prompt: string | {
                                    prompt: string;
                                    version?: number;
                                };
                            } | {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "agent";
                                prompt: string | {
                                    prompt: string;
                                    version?: number;
                                };
                                /** @default 6 */
                                maxIterations: number;
                            } | {
                                name: string;
                                description: string;
                                model?: {
                                    name?: string;
                                    temperature?: number;
                                };
                                /** @default [] */
                                tools: string[];
                                outputSchema?: {
                                    [key: string]: unknown;
                                };
                                requiresApproval?: boolean;
                                /** @constant */
                                shape: "custom";
                                module: string;
                                /** @default createGraph */
                                export: string;
                            };
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTools: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description tools */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tools: {
                            name: string;
                            description: string;
                            inputSchema: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTriggers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description triggers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        triggers: {
                            name: string;
                            version: number;
                            /** Format: date-time */
                            createdAt: string;
                            definition: {
                                name: string;
                                description?: string;
                                /** @default true */
                                enabled: boolean;
                                pattern: unknown;
                                request: string;
                            };
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string;
                    /** @default true */
                    enabled?: boolean;
                    pattern: {
                        [key: string]: unknown;
                    };
                    request: string;
                };
            };
        };
        responses: {
            /** @description version 1 */
            201: {
                headers: {
                    /** @description the trigger */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description?: string;
                            /** @default true */
                            enabled: boolean;
                            pattern: unknown;
                            request: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description name in use */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTrigger: {
        parameters: {
            query?: {
                /** @description a version to read (1 is the first); the latest when left out */
                version?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the trigger */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description?: string;
                            /** @default true */
                            enabled: boolean;
                            pattern: unknown;
                            request: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such trigger */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string;
                    /** @default true */
                    enabled?: boolean;
                    pattern: {
                        [key: string]: unknown;
                    };
                    request: string;
                };
            };
        };
        responses: {
            /** @description the new version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        definition: {
                            name: string;
                            description?: string;
                            /** @default true */
                            enabled: boolean;
                            pattern: unknown;
                            request: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
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
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such trigger */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description a retry with the same key gets the first answer again (24 h); 1-255 printable ASCII, a UUID is a good choice */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    Entries: unknown[];
                };
            };
        };
        responses: {
            /** @description per-entry results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        FailedEntryCount: number;
                        Entries: ({
                            EventId: string;
                            Runs: {
                                Trigger: string;
                                RunId: string;
                            }[];
                            TriggerErrors?: {
                                Trigger: string;
                                ErrorCode: string;
                                ErrorMessage: string;
                            }[];
                        } | {
                            ErrorCode: string;
                            ErrorMessage: string;
                        })[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description an Idempotency-Key still in progress (Retry-After), a name in use, or a run that ended */
            409: {
                headers: {
                    /** @description seconds to wait while a request with this Idempotency-Key is in progress */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getEventSchemas: {
        parameters: {
            query?: {
                name?: string;
                version?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description schemas by Name.vN */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: {
                            source: string;
                            description: string;
                            schema: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPrompts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a page of prompts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        prompts: {
                            name: string;
                            /** @description the latest version */
                            version: number;
                            /**
                             * Format: date-time
                             * @description when the latest version was saved
                             */
                            updatedAt: string;
                        }[];
                        next?: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getPrompt: {
        parameters: {
            query?: {
                /** @description a version to read (1 is the first); the latest when left out */
                version?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the prompt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                        text: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such prompt */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putPrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                };
            };
        };
        responses: {
            /** @description the new version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        version: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body is not JSON (content-type) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description malformed JSON, or an Idempotency-Key reused for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listDeadLetters: {
        parameters: {
            query?: {
                /** @description only this consumer's queue */
                consumer?: "planner" | "supervisor" | "workers" | "projector";
                /** @description only the letters of this run */
                runId?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description dead letters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deadLetters: {
                            id: string;
                            /** @description the consumer whose queue gave up: planner, supervisor, workers or projector */
                            consumer: string;
                            runId: string;
                            eventName: string;
                            eventId: string;
                            /** @description why the last delivery failed */
                            reason: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            /** @description deliveries before the queue gave up */
                            receives: number;
                            /**
                             * Format: date-time
                             * @description when it was dead-lettered
                             */
                            at: string;
                        }[];
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the dead letter */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @description the consumer whose queue gave up: planner, supervisor, workers or projector */
                        consumer: string;
                        runId: string;
                        eventName: string;
                        eventId: string;
                        /** @description why the last delivery failed */
                        reason: {
                            code: string;
                            message: string;
                            retryable: boolean;
                        };
                        /** @description deliveries before the queue gave up */
                        receives: number;
                        /**
                         * Format: date-time
                         * @description when it was dead-lettered
                         */
                        at: string;
                        event: {
                            meta: {
                                [key: string]: unknown;
                            };
                            data: unknown;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such dead letter */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    discardDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description discarded */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such dead letter */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    redriveDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description redriven; `run` says what happens to the run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the letter, now back on its queue */
                        deadLetter: {
                            id: string;
                            /** @description the consumer whose queue gave up: planner, supervisor, workers or projector */
                            consumer: string;
                            runId: string;
                            eventName: string;
                            eventId: string;
                            /** @description why the last delivery failed */
                            reason: {
                                code: string;
                                message: string;
                                retryable: boolean;
                            };
                            /** @description deliveries before the queue gave up */
                            receives: number;
                            /**
                             * Format: date-time
                             * @description when it was dead-lettered
                             */
                            at: string;
                        };
                        run: {
                            runId: string;
                            /**
                             * @description `resumed`: the run had failed only because of this letter and goes on (RunResumed)
                             * @enum {string}
                             */
                            effect: "resumed" | "unchanged";
                            /** @description the run's status right after the redrive */
                            status: string;
                            /** @description what happens to the run, in words */
                            note: string;
                        };
                    };
                };
            };
            /** @description invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description no such dead letter */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: {
                /** @description the first day counted (UTC); 30 days before `until` when left out */
                since?: string;
                /** @description the last day counted (UTC, inclusive); today when left out */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description totals, by day (with each team) and by team */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        since: string;
                        until: string;
                        total: {
                            steps: number;
                            inputTokens: number;
                            outputTokens: number;
                            tokens: number;
                            toolCalls: number;
                            modelCalls: number;
                            costUsd: number;
                            runs: number;
                        };
                        days: {
                            day: string;
                            total: {
                                steps: number;
                                inputTokens: number;
                                outputTokens: number;
                                tokens: number;
                                toolCalls: number;
                                modelCalls: number;
                                costUsd: number;
                                runs: number;
                            };
                            teams: {
                                steps: number;
                                inputTokens: number;
                                outputTokens: number;
                                tokens: number;
                                toolCalls: number;
                                modelCalls: number;
                                costUsd: number;
                                runs: number;
                                team: string;
                            }[];
                        }[];
                        teams: {
                            steps: number;
                            inputTokens: number;
                            outputTokens: number;
                            tokens: number;
                            toolCalls: number;
                            modelCalls: number;
                            costUsd: number;
                            runs: number;
                            team: string;
                        }[];
                    };
                };
            };
            /** @description a bad window */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing, malformed, expired or untrusted bearer token */
            401: {
                headers: {
                    /** @description the bearer challenge */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description missing API key, or not one of the token's tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the request (headers or body) did not arrive in time; the connection is closed */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description body too large (at most 1048576 bytes; a team definition at most 64 KB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description request headers too large (at most 16384 bytes) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description internal error: logged, answered without details */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
