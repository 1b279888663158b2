/**
 * Outbound texts by what they are for, so "texts sent" never mixes the text-backs a report is about
 * with the confirmations, relays and hand-written texts around them. Every outbound kind belongs to
 * exactly one group; a kind added later and not placed here is counted as `other` until it is.
 */
import { TEXT_BACK_KINDS, type MessageKind } from "../vocabulary";

export const TEXT_GROUPS = {
  /** The first text to a missed caller. */
  textBacks: TEXT_BACK_KINDS,
  followUps: ["follow_up"],
  /** Answers to STOP, START and HELP. */
  confirmations: ["opt_out", "opt_in", "help"],
  /** Automated texts in a conversation: qualification's questions, the answer to an urgent reply. */
  answers: ["qualify", "urgent_reply"],
  /** To the business's own phones: relayed replies, pages, alerts, digests, answers to shortcuts. */
  toBusiness: ["relay", "page", "alert", "digest", "command_reply"],
  /** Written by a person: on the admin page, through the API, from the owner's phone; test texts. */
  manual: ["manual", "test"],
} as const satisfies Record<string, readonly MessageKind[]>;

export type TextGroup = keyof typeof TEXT_GROUPS | "other";

export const TEXT_GROUP_NAMES = [...(Object.keys(TEXT_GROUPS) as (keyof typeof TEXT_GROUPS)[]), "other"] as const satisfies readonly TextGroup[];

/** Kinds as an SQL list; they come from the vocabulary, never from input. */
export function sqlList(kinds: readonly string[]): string {
  for (const k of kinds) if (!/^[a-z_]+$/.test(k)) throw new Error(`not a kind: ${k}`);
  return kinds.map((k) => `'${k}'`).join(", ");
}

/** A message's group, as an SQL expression of its `kind` column. */
export function textGroupSql(kind: string): string {
  const branches = Object.entries(TEXT_GROUPS).map(([group, kinds]) => `WHEN ${kind} IN (${sqlList(kinds)}) THEN '${group}'`);
  return `CASE ${branches.join(" ")} ELSE 'other' END`;
}
