/** Types for scripts/simulator.mjs (the TypeScript e2e tests import it; allowJs is off). */
import type { KeyObject } from "node:crypto";

export interface SimAccount {
  accountSid: string;
  authToken: string;
}

/** A Telnyx account: its API key (Bearer). `name` labels its texts (`SimMessage.accountSid`). */
export interface SimTelnyxAccount {
  apiKey: string;
  name?: string;
}

export type SimCarrier = "twilio" | "telnyx";

export type CallOutcome = "no-answer" | "busy" | "failed" | "canceled" | "answered" | "voicemail" | "short";

/** A text the simulator accepted (Twilio 201, Telnyx 200). */
export interface SimMessage {
  carrier: SimCarrier;
  to: string;
  from: string;
  body: string;
  /** Twilio's SM… SID, or Telnyx's message id (a UUID). */
  sid: string;
  /** Twilio's account SID, or the Telnyx account's name. */
  accountSid: string;
  at: string;
}

/** Any send request (Twilio Messages API or Telnyx `POST /v2/messages`), accepted or refused. */
export interface SimRequest {
  at: string;
  carrier: SimCarrier;
  /** Twilio: the SID in the URL; Telnyx: the account's name ("" when the key matched none). */
  accountSid: string;
  to: string | undefined;
  from: string | undefined;
  body: string | undefined;
  status: number;
  /** Twilio error codes are numbers, Telnyx's strings. */
  code: number | string | null;
}

/** A Telnyx `actions/transfer` command the worker sent: its JSON body plus where it was addressed. */
export interface SimTransfer {
  at: string;
  callControlId: string;
  account: string;
  /** Same call and command_id as an earlier one (Telnyx ignores such repeats). */
  duplicate: boolean;
  to: string;
  from?: string;
  timeout_secs?: number;
  command_id?: string;
  client_state?: string;
  [field: string]: unknown;
}

export interface WebhookResult {
  /** Twilio: voice, dial-status, sms. Telnyx: the event type (call.initiated, call.hangup…), or sms. */
  name: "voice" | "dial-status" | "sms" | (string & {});
  url: string;
  /** 0 when the worker could not be reached. */
  status: number;
  body: string;
  ms: number;
  error?: string;
}

export interface CallResult {
  carrier: SimCarrier;
  /** Twilio's CallSid, or Telnyx's call_session_id (what the worker stores as the call's id). */
  callSid: string;
  from: string;
  to: string;
  outcome: CallOutcome;
  webhooks: WebhookResult[];
  /** Telnyx only: the transfer the worker answered call.initiated with (null: none). */
  transfer?: SimTransfer | null;
}

export interface SmsResult {
  carrier: SimCarrier;
  messageSid: string;
  webhooks: WebhookResult[];
}

export interface Fault {
  status: number;
  /** Sent as given: a number for Twilio, a string (or number) for Telnyx. Defaults per status. */
  code?: number | string;
  message?: string;
  retryAfter?: number;
}

export interface Simulator {
  url: string;
  port: number;
  messages: SimMessage[];
  requests: SimRequest[];
  transfers: SimTransfer[];
  /** Base64 of the raw 32-byte Ed25519 public key the simulator signs Telnyx events with. */
  telnyxPublicKey: string;
  /** Treat a number as Telnyx's from now on. */
  addTelnyxNumber(number: string): void;
  reset(): void;
  setFaults(to: string, responses: Fault[]): void;
  clearFaults(to?: string): void;
  /** The carrier is `carrier`, else Telnyx for the numbers in `telnyxNumbers`, else Twilio. */
  placeCall(opts: { from?: string; to: string; outcome?: CallOutcome; accountSid?: string; carrier?: SimCarrier }): Promise<CallResult>;
  sendSms(opts: { from: string; to: string; body: string; accountSid?: string; carrier?: SimCarrier }): Promise<SmsResult>;
  close(): Promise<void>;
}

export const DEMO_ACCOUNT: Readonly<SimAccount>;
export const DEMO_TELNYX_NUMBER: string;
export const DEMO_TELNYX_ACCOUNT: Readonly<Required<SimTelnyxAccount>>;
/** Hex seed of the fixed Ed25519 key `npm start` uses, so its registered public key stays valid. */
export const DEMO_TELNYX_KEY_SEED: string;
export const CALL_OUTCOMES: readonly CallOutcome[];

export function startSimulator(opts?: {
  port?: number;
  host?: string;
  workerUrl?: string;
  accounts?: SimAccount[];
  telnyxAccounts?: SimTelnyxAccount[];
  /** Business numbers on Telnyx: calls and texts to them speak Telnyx. */
  telnyxNumbers?: string[];
  /** 32-byte Ed25519 seed (hex or bytes) for the Telnyx signing key; a fresh key pair when absent. */
  telnyxKeySeed?: string | Uint8Array;
  /** One line per request; false for silence. */
  log?: ((line: string) => void) | false;
}): Promise<Simulator>;

export function placeCall(opts: {
  workerUrl: string;
  from: string;
  to: string;
  outcome?: CallOutcome;
  account?: SimAccount;
}): Promise<CallResult>;

export function sendInboundSms(opts: {
  workerUrl: string;
  from: string;
  to: string;
  body: string;
  account?: SimAccount;
}): Promise<{ messageSid: string; webhooks: WebhookResult[] }>;

export function placeTelnyxCall(opts: {
  workerUrl: string;
  from: string;
  to: string;
  outcome?: CallOutcome;
  privateKey: KeyObject;
  /** The transfer the worker sent for the caller's leg, if any (looked up after call.initiated). */
  transferOf?: (callControlId: string) => SimTransfer | undefined;
}): Promise<CallResult>;

export function sendInboundTelnyxSms(opts: {
  workerUrl: string;
  from: string;
  to: string;
  body: string;
  privateKey: KeyObject;
}): Promise<SmsResult>;

export function telnyxKeyPair(seed?: string | Uint8Array): { privateKey: KeyObject; publicKeyB64: string };
export function telnyxSignature(privateKey: KeyObject, timestamp: string, rawBody: string): string;

export function twilioSid(prefix: string): string;
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string;
export function segmentCount(body: string): number;
export function randomUsNumber(areaCode?: string): string;
