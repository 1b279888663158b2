/**
 * src/carriers/telnyx.ts for the Node tests, loaded at run time.
 *
 * A static import would make the Node type-check (tsconfig.node.json) follow its type imports into
 * src/env.ts and the Durable Object, which need the Workers globals that only tsconfig.json has. A
 * non-literal specifier is not followed, so the signatures used here are restated below, and
 * checked at load time.
 */
export interface TelnyxCredentialsLike {
  apiKey: string;
  publicKey: string;
  messagingProfileId?: string;
}

export type SendResultLike =
  | { ok: true; carrierMessageId: string; status: string }
  | { ok: false; kind: "retry" | "permanent" | "opted_out"; code: string; message: string; retryAfterSeconds?: number };

export interface TelnyxCarrierModule {
  verifyTelnyx(
    publicKeyB64: string,
    signatureB64: string | null | undefined,
    timestamp: string | null | undefined,
    rawBody: string,
    nowSeconds: number,
  ): Promise<boolean>;
  sendTelnyxText(
    apiBase: string,
    creds: TelnyxCredentialsLike,
    text: { from: string; to: string; body: string; statusCallback?: string },
  ): Promise<SendResultLike>;
  transferTelnyxCall(
    apiBase: string,
    creds: TelnyxCredentialsLike,
    args: { callControlId: string; to: string; from: string; timeoutSecs: number; businessNumber: string },
  ): Promise<void>;
}

const SPECIFIER: string = "../../../src/carriers/telnyx";

export async function loadTelnyxCarrier(): Promise<TelnyxCarrierModule> {
  const mod = (await import(/* @vite-ignore */ SPECIFIER)) as Partial<TelnyxCarrierModule>;
  for (const name of ["verifyTelnyx", "sendTelnyxText", "transferTelnyxCall"] as const) {
    if (typeof mod[name] !== "function") throw new Error(`src/carriers/telnyx.ts no longer exports ${name}`);
  }
  return mod as TelnyxCarrierModule;
}
