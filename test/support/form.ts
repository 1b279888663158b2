import { bodyText } from "../../src/body-text";

/** A form-encoded request's fields (read as the worker reads them, without `.text()`'s warning). */
export async function readForm(req: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await bodyText(req));
}
