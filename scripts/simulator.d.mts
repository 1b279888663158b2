/** Types for scripts/simulator.mjs (the TypeScript e2e tests import it; allowJs is off). */

export interface SimAccount {
  accountSid: string;
  authToken: string;
}

export type CallOutcome = "no-answer" | "busy" | "failed" | "canceled" | "answered" | "voicemail" | "short";

/** A text the simulator accepted (201). */
export interface SimMessage {
  to: string;
  from: string;
  body: string;
  sid: string;
  accountSid: string;
  at: string;
}

/** Any Messages API request, accepted or refused. */
export interface SimRequest {
  at: string;
  accountSid: string;
  to: string | undefined;
  from: string | undefined;
  body: string | undefined;
  status: number;
  code: number | null;
}

export interface WebhookResult {
  name: "voice" | "dial-status" | "sms";
  url: string;
  /** 0 when the worker could not be reached. */
  status: number;
  body: string;
  ms: number;
  error?: string;
}

export interface CallResult {
  callSid: string;
  from: string;
  to: string;
  outcome: CallOutcome;
  webhooks: WebhookResult[];
}

export interface Fault {
  status: number;
  code?: number;
  message?: string;
  retryAfter?: number;
}

export interface Simulator {
  url: string;
  port: number;
  messages: SimMessage[];
  requests: SimRequest[];
  reset(): void;
  setFaults(to: string, responses: Fault[]): void;
  clearFaults(to?: string): void;
  placeCall(opts: { from?: string; to: string; outcome?: CallOutcome; accountSid?: string }): Promise<CallResult>;
  sendSms(opts: { from: string; to: string; body: string; accountSid?: string }): Promise<{ messageSid: string; webhooks: WebhookResult[] }>;
  close(): Promise<void>;
}

export const DEMO_ACCOUNT: Readonly<SimAccount>;
export const CALL_OUTCOMES: readonly CallOutcome[];

export function startSimulator(opts?: {
  port?: number;
  host?: string;
  workerUrl?: string;
  accounts?: SimAccount[];
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

export function twilioSid(prefix: string): string;
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string;
export function segmentCount(body: string): number;
export function randomUsNumber(areaCode?: string): string;
