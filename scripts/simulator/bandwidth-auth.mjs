// @ts-check
/**
 * Bandwidth's OAuth 2.0 token endpoint (`POST /api/v1/oauth2/token`, an API credential's
 * `clientId:clientSecret` in Basic, `grant_type=client_credentials`) and the bearer tokens it
 * issues, which every simulated Bandwidth API takes instead of credentials. A token lasts an hour;
 * a Basic header (a retired API user) is refused like any other missing token.
 */
import { randomBytes } from "node:crypto";
import { basicAuth, bearerToken, sameSecret, sendJson } from "./http.mjs";

/** @import { IncomingMessage, ServerResponse } from "node:http" */
/** @import { SimContext } from "./context.mjs" */
/** @import { SimBandwidthAccount } from "./types.mjs" */

export const BANDWIDTH_TOKEN_PATH = "/api/v1/oauth2/token";

const LIFETIME_S = 3600;

/**
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @param {string} raw the form body
 * @returns {string} the outcome, for the log line (never the token)
 */
export function issueBandwidthToken(ctx, req, res, raw) {
  const creds = basicAuth(req.headers.authorization);
  const account = creds ? ctx.bandwidthAccounts.find((a) => a.clientId === creds.user && sameSecret(a.clientSecret, creds.password)) : undefined;
  if (!account) {
    sendJson(res, 401, { error: "invalid_client", error_description: "Client authentication failed" });
    return "401 invalid_client";
  }
  if (new URLSearchParams(raw).get("grant_type") !== "client_credentials") {
    sendJson(res, 400, { error: "unsupported_grant_type", error_description: "grant_type must be client_credentials" });
    return "400 unsupported_grant_type";
  }
  const token = randomBytes(24).toString("base64url");
  ctx.bandwidthTokens.set(token, { clientId: account.clientId, expiresAt: Date.now() + LIFETIME_S * 1000 });
  sendJson(res, 200, { access_token: token, token_type: "Bearer", expires_in: LIFETIME_S, scope: "" });
  return `200 token for ${account.clientId}`;
}

/**
 * The account whose unexpired token the request carries, or undefined.
 *
 * @param {SimContext} ctx
 * @param {IncomingMessage} req
 * @returns {SimBandwidthAccount | undefined}
 */
export function bandwidthAccountOfToken(ctx, req) {
  const token = bearerToken(req.headers.authorization);
  const issued = token ? ctx.bandwidthTokens.get(token) : undefined;
  if (!issued || issued.expiresAt <= Date.now()) return undefined;
  return ctx.bandwidthAccounts.find((a) => a.clientId === issued.clientId);
}
