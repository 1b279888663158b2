/** A carrier refused to show or change a number's settings: the status and what it means to the owner. */
export class SetupError extends Error {
  constructor(
    readonly carrierStatus: number,
    message: string,
  ) {
    super(message);
  }
}

/** An API answer that is not 2xx, in words that say what to do. */
export function setupFailure(carrier: string, status: number): SetupError {
  if (status === 401 || status === 403) return new SetupError(status, `${carrier} refused the number's credentials (HTTP ${status}): replace them below.`);
  if (status === 404) return new SetupError(status, `${carrier} has no such number in this account (HTTP 404): check the number and the account.`);
  if (status === 429) return new SetupError(status, `${carrier} is limiting requests (HTTP 429): try again in a minute.`);
  return new SetupError(status, `${carrier} answered HTTP ${status}: try again later.`);
}

async function reach(carrier: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new SetupError(0, `${carrier} could not be reached: try again later.`);
  }
}

/** A fetch to a carrier's settings API: a network failure or a timeout is a SetupError too. */
export async function setupFetch(carrier: string, url: string, init: RequestInit): Promise<Response> {
  const res = await reach(carrier, url, init);
  if (!res.ok) throw setupFailure(carrier, res.status);
  return res;
}

/** What usually makes a carrier refuse a test call with this HTTP status; null leaves it to setupFailure's words. */
export type CallRefusalAdvice = (status: number) => string | null;

/**
 * A fetch that places a test call. A call the carrier refuses for a reason of its own (a number that
 * cannot call, an application without voice, a trial account's limits) is said with the carrier's
 * reason and `advice`; unreachable, credentials and rate limits as for the settings.
 */
export async function testCallFetch(carrier: string, url: string, init: RequestInit, advice: CallRefusalAdvice): Promise<Response> {
  // Awaited here, so its refusal is handled as it happens (a returned rejected promise is not, for a moment).
  return await testCallAnswer(carrier, await reach(carrier, url, init), advice);
}

/** The answer to a test call's request, as testCallFetch reads it (for a request made otherwise). */
export async function testCallAnswer(carrier: string, res: Response, advice: CallRefusalAdvice): Promise<Response> {
  if (res.ok) return res;
  const hint = advice(res.status);
  if (hint === null) throw setupFailure(carrier, res.status);
  const reason = carrierReason(await res.text().catch(() => ""));
  throw new SetupError(res.status, `${carrier} refused the test call (HTTP ${res.status})${reason ? `: "${reason}"` : ""}. ${hint}`);
}

/**
 * The words of a carrier's error body, on one line and short: Vonage's `detail` or `title`, Plivo's
 * `error`, Bandwidth's `description`. Null when it has none.
 *
 * @example carrierReason('{"type":"validation","description":"Invalid to: must be an E164 telephone number"}')
 * // "Invalid to: must be an E164 telephone number"
 */
export function carrierReason(body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null) return null;
  const o = json as Record<string, unknown>;
  const words = [o.detail, o.title, o.error, o.description].find((v): v is string => typeof v === "string" && v.trim() !== "");
  if (!words) return null;
  const line = words.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
