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

/** A fetch to a carrier's settings API: a network failure or a timeout is a SetupError too. */
export async function setupFetch(carrier: string, url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new SetupError(0, `${carrier} could not be reached: try again later.`);
  }
  if (!res.ok) throw setupFailure(carrier, res.status);
  return res;
}
