/**
 * Text and attribute values inside the XML Textback writes (TwiML, Plivo XML, BXML, Bandwidth's
 * Dashboard API): the five characters XML reserves, as entities. Pure.
 *
 * @example escapeXml(`Tom & Jerry's "Plumbing" <24h>`) // "Tom &amp; Jerry&apos;s &quot;Plumbing&quot; &lt;24h&gt;"
 */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
