/**
 * The little XML Bandwidth's Dashboard API speaks, read and written without a parser: its answers
 * are flat records of named elements (`<Application><AppName>…</AppName>…`), whatever wraps them.
 */
import { escapeXml } from "../rules/xml-escape";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The trimmed text of the first element named by the path (each name inside the one before), with
 * entities decoded; null when it is absent or empty.
 *
 * @example xmlField("<SipPeer><PeerId> 42 </PeerId></SipPeer>", "SipPeer", "PeerId") // "42"
 */
export function xmlField(xml: string, ...path: string[]): string | null {
  let scope = xml;
  for (const name of path) {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(scope);
    if (!m) return null;
    scope = m[1]!;
  }
  const text = scope
    .trim()
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
  return text === "" ? null : text;
}

/** `<Root><Name>value</Name>…</Root>`, values escaped. */
export function xmlRecord(root: string, fields: Record<string, string>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join("");
  return `<${root}>${inner}</${root}>`;
}
