/**
 * A form-encoded request's fields. Decoded by hand: `.text()` on a form body makes workerd warn that
 * the result "will probably be corrupted" (it is not; the worker sends UTF-8), once per request.
 */
export async function readForm(req: Request): Promise<URLSearchParams> {
  return new URLSearchParams(new TextDecoder().decode(await req.arrayBuffer()));
}
