// @ts-check
/**
 * The simulator's shapes, as JSDoc types: what its callers (scripts, bench, the TypeScript node
 * tests) see, and what its modules pass each other.
 */

/** @typedef {{ accountSid: string, authToken: string }} SimAccount */

/**
 * A Telnyx account: its API key (Bearer). `name` labels its texts (`SimMessage.accountSid`).
 *
 * @typedef {{ apiKey: string, name?: string }} SimTelnyxAccount
 */

/**
 * A Vonage application and its account: the API key and secret (Basic), the application's key
 * (its RS256 tokens are checked with the public half) and the signature secret its webhooks are signed with.
 *
 * @typedef {{ apiKey: string, apiSecret: string, applicationId: string, signatureSecret: string, privateKeyPem: string }} SimVonageApplication
 */


/** A Plivo account: Basic `authId:authToken` on its API; the token signs its webhooks. @typedef {{ authId: string, authToken: string }} SimPlivoAccount */

/**
 * A Bandwidth account: its API credential (client ID and secret, exchanged for the bearer token its
 * APIs take), its messaging application, and the callback credentials its applications send.
 * @typedef {{ accountId: string, clientId: string, clientSecret: string, applicationId: string, callbackUsername: string, callbackPassword: string }} SimBandwidthAccount
 */

/** @typedef {"twilio" | "telnyx" | "vonage" | "plivo" | "bandwidth"} SimCarrier */

/** @typedef {"no-answer" | "busy" | "failed" | "canceled" | "answered" | "voicemail" | "short"} CallOutcome */

/**
 * A text the simulator accepted (Twilio 201, Telnyx 200).
 *
 * @typedef {object} SimMessage
 * @property {SimCarrier} carrier
 * @property {string} to
 * @property {string} from
 * @property {string} body
 * @property {string} sid Twilio's SM… SID, or Telnyx's message id (a UUID).
 * @property {string} accountSid Twilio's account SID, or the Telnyx account's name.
 * @property {string} at
 */

/**
 * Any send request (Twilio Messages API or Telnyx `POST /v2/messages`), accepted or refused.
 *
 * @typedef {object} SimRequest
 * @property {string} at
 * @property {SimCarrier} carrier
 * @property {string} accountSid Twilio: the SID in the URL; Telnyx: the account's name ("" when the key matched none).
 * @property {string | undefined} to
 * @property {string | undefined} from
 * @property {string | undefined} body
 * @property {number} status
 * @property {number | string | null} code Twilio error codes are numbers, Telnyx's strings.
 */

/**
 * A Telnyx `actions/transfer` command the worker sent: its JSON body plus where it was addressed.
 * `duplicate`: same call and command_id as an earlier one (Telnyx ignores such repeats).
 *
 * @typedef {{
 *   at: string, callControlId: string, account: string, duplicate: boolean, to: string,
 *   from?: string, timeout_secs?: number, command_id?: string, client_state?: string,
 *   [field: string]: unknown,
 * }} SimTransfer
 */

/**
 * One webhook the simulator posted to the worker. `name` is voice, dial-status or sms for Twilio,
 * the event type (call.initiated, call.hangup…) or sms for Telnyx; `status` is 0 when the worker
 * could not be reached.
 *
 * @typedef {{ name: string, url: string, status: number, body: string, ms: number, error?: string }} WebhookResult
 */

/**
 * @typedef {object} CallResult
 * @property {SimCarrier} carrier
 * @property {string} callSid Twilio's CallSid, or Telnyx's call_session_id (what the worker stores as the call's id).
 * @property {string} from
 * @property {string} to
 * @property {CallOutcome} outcome
 * @property {WebhookResult[]} webhooks
 * @property {SimTransfer | null} [transfer] Telnyx only: the transfer the worker answered call.initiated with.
 */

/** @typedef {{ carrier: SimCarrier, messageSid: string, webhooks: WebhookResult[] }} SmsResult */

/**
 * A scripted answer to one send. `code` is sent as given (a number for Twilio, a string or number
 * for Telnyx); it and `message` default per status.
 *
 * @typedef {{ status: number, code?: number | string, message?: string, retryAfter?: number }} Fault
 */

/**
 * @typedef {object} CallRequest
 * @property {string} [from] a random US number when absent
 * @property {string} to
 * @property {CallOutcome} [outcome]
 * @property {string} [accountSid]
 * @property {SimCarrier} [carrier] else Telnyx for the simulator's Telnyx numbers, else Twilio
 */

/** @typedef {{ from: string, to: string, body: string, accountSid?: string, carrier?: SimCarrier }} SmsRequest */

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {string} [workerUrl]
 * @property {string} [adminToken] the worker's ADMIN_TOKEN: the page's Automatic carrier asks the admin API which carrier a number is on
 * @property {SimAccount[]} [accounts]
 * @property {SimTelnyxAccount[]} [telnyxAccounts]
 * @property {string[]} [telnyxNumbers] business numbers on Telnyx: calls and texts to them speak Telnyx
 * @property {SimPlivoAccount[]} [plivoAccounts]
 * @property {string[]} [plivoNumbers] business numbers on Plivo: calls and texts to them speak Plivo
 * @property {SimBandwidthAccount[]} [bandwidthAccounts]
 * @property {string[]} [bandwidthNumbers] business numbers on Bandwidth: calls and texts to them speak Bandwidth
 * @property {string | Uint8Array} [telnyxKeySeed] 32-byte Ed25519 seed (hex or bytes); a fresh key pair when absent
 * @property {SimVonageApplication[]} [vonageApplications] the demo application (with a fresh key) when absent
 * @property {string[]} [vonageNumbers] business numbers on Vonage: calls and texts to them speak Vonage
 * @property {((line: string) => void) | false} [log] one line per request; false for silence
 * @property {string[]} [businessNumbers] the numbers the page offers to call and text (every carrier's numbers too; any other can be typed)
 * @property {string} [ownerPhone] the business's notifyPhone: the page can text as the owner
 */

/**
 * @typedef {object} Simulator
 * @property {string} url
 * @property {number} port
 * @property {SimMessage[]} messages
 * @property {SimRequest[]} requests
 * @property {SimTransfer[]} transfers
 * @property {string} telnyxPublicKey base64 of the raw 32-byte Ed25519 public key Telnyx events are signed with
 * @property {(number: string) => void} addTelnyxNumber treat a number as Telnyx's from now on
 * @property {SimVonageApplication} vonageApplication the first Vonage application (register its credentials for a Vonage number)
 * @property {(number: string) => void} addVonageNumber treat a number as Vonage's from now on
 * @property {() => void} reset
 * @property {(to: string, responses: Fault[]) => void} setFaults
 * @property {(to?: string) => void} clearFaults
 * @property {(request: CallRequest) => Promise<CallResult>} placeCall
 * @property {(request: SmsRequest) => Promise<SmsResult>} sendSms
 * @property {() => Promise<void>} close
 */

export {};
