const utf8 = new TextDecoder();

/**
 * A request's body as text, decoded as UTF-8 whatever its Content-Type says. `.text()` and `.json()`
 * do the same, but for a form or mislabelled body workerd warns, once per request, that the result
 * "will probably be corrupted". Invalid bytes become U+FFFD, as with `.text()`.
 */
export async function bodyText(req: { arrayBuffer(): Promise<ArrayBuffer> }): Promise<string> {
  return utf8.decode(await req.arrayBuffer());
}
