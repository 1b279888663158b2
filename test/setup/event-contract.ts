import { env } from "cloudflare:workers";
import { afterAll, afterEach } from "vitest";
import { contractProblem } from "../support/event-contract";

/**
 * Every event any test emits is checked against the contract: after each test, the event bodies
 * recorded since the last check (each subscriber's delivery row holds the exact signed body) are
 * validated, and a test whose code emitted a body off the contract fails. Counted in
 * `globalThis.__eventsChecked` so test/event-contract.test.ts can tell the check runs.
 */
let seen = 0;

async function checkNewEvents(): Promise<void> {
  let rows: { rowid: number; payload: string }[];
  try {
    ({ results: rows } = await env.DB.prepare("SELECT rowid, payload FROM webhook_deliveries WHERE rowid > ? ORDER BY rowid").bind(seen).all());
  } catch {
    return; // D1 made unavailable on purpose by the test, or not migrated: nothing to read
  }
  const problems: string[] = [];
  for (const { rowid, payload } of rows) {
    seen = Math.max(seen, rowid);
    const problem = contractProblem(JSON.parse(payload));
    if (problem) problems.push(problem);
  }
  const g = globalThis as { __eventsChecked?: number };
  g.__eventsChecked = (g.__eventsChecked ?? 0) + rows.length;
  if (problems.length > 0) throw new Error(`events off the contract (src/notify/contract.ts):\n${problems.join("\n")}`);
}

afterEach(checkNewEvents);
afterAll(checkNewEvents);
