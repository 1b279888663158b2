/**
 * A private-app token checked when it is saved, with the cheapest call the sync's own scopes allow:
 * one contact, read (`GET /crm/v3/objects/contacts?limit=1`). HubSpot refusing it (401: not a
 * token it knows; 403: a token without the contacts scope) is the owner's to fix now, so nothing
 * is saved. HubSpot not answering (a timeout, 5xx, 429) is HubSpot's problem, not the owner's: the
 * token is saved unchecked and the answer says so; a wrong one then shows as `lastError` after the
 * first sync, as before.
 */
import { HTTPException } from "hono/http-exception";
import { HubspotError, hubspotApi } from "./hubspot-client";

/** An owner waits on this while saving: shorter than a sync's request. */
const CHECK_TIMEOUT_MS = 5_000;

export type HubspotTokenCheck = { tokenCheck: "accepted" } | { tokenCheck: "unchecked"; warning: string };

/**
 * Throws a 400 naming `token` when HubSpot refuses it; otherwise whether it was checked.
 *
 * @example await checkHubspotToken("https://api.hubapi.com", "pat-na1-…") // { tokenCheck: "accepted" }
 */
export async function checkHubspotToken(base: string, token: string): Promise<HubspotTokenCheck> {
  try {
    await hubspotApi(base, token, CHECK_TIMEOUT_MS).request("GET", "/crm/v3/objects/contacts?limit=1&archived=false");
    return { tokenCheck: "accepted" };
  } catch (e) {
    if (!(e instanceof HubspotError)) throw e;
    if (e.kind === "auth" && e.status === 403) {
      throw new HTTPException(400, {
        message: `token: HubSpot knows this token but it may not read contacts (${e.message}); give the private app the crm.objects.contacts and crm.objects.deals read and write scopes`,
      });
    }
    if (e.kind === "auth") throw new HTTPException(400, { message: `token: HubSpot does not accept this token (${e.message})` });
    return {
      tokenCheck: "unchecked",
      warning: `HubSpot could not be asked about the token (${e.message}); it is saved unchecked, and a wrong one will show as lastError after the first sync`,
    };
  }
}
