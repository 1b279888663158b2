/**
 * Just enough TOML for `npm run setup` and `npm run deploy` (Node built-ins only): read one
 * environment's worker name, D1 database and queue names out of wrangler.toml, and write a D1
 * database id back into it without disturbing anything else (comments, layout, other sections).
 *
 * It understands what wrangler.toml uses: `[table]` and `[[array.of.tables]]` headers, and
 * `key = "string"` / number / boolean lines with `#` comments. Inline tables and arrays are skipped.
 */

/** The placeholder id committed in wrangler.toml until `npm run setup` writes the real one. */
export const PLACEHOLDER_DATABASE_ID = "00000000-0000-0000-0000-000000000000";

/** Drop a `#` comment that is not inside a string. */
function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\" && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") return line.slice(0, i);
  }
  return line;
}

function parseValue(raw) {
  const v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return JSON.parse(v);
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1);
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === "true" || v === "false") return v === "true";
  return undefined; // inline tables, arrays, dates: not needed here
}

/**
 * Every table of the file in order: `{ path, array, start, end, values }`, where `path` is the dotted
 * header ("" for the root), `start`/`end` the line range of its body, `values` its simple keys.
 */
export function tables(text) {
  const lines = text.split("\n");
  const out = [{ path: "", array: false, start: 0, end: lines.length, values: {} }];
  lines.forEach((line, i) => {
    const code = stripComment(line).trim();
    const header = /^(\[\[?)\s*([A-Za-z_][A-Za-z0-9_.\-" ]*?)\s*\]\]?$/.exec(code);
    if (header) {
      out.at(-1).end = i;
      out.push({ path: header[2].replace(/"/g, ""), array: header[1] === "[[", start: i + 1, end: lines.length, values: {} });
      return;
    }
    const kv = /^([A-Za-z0-9_\-]+)\s*=\s*(.+)$/.exec(code);
    if (kv) {
      const value = parseValue(kv[2]);
      if (value !== undefined) out.at(-1).values[kv[1]] = value;
    }
  });
  return out;
}

/** The tables of one environment (undefined: the top level), with the `env.<name>.` prefix removed. */
function envTables(text, env) {
  const all = tables(text);
  if (!env) return all.filter((t) => !t.path.startsWith("env.") && t.path !== "env");
  const prefix = `env.${env}`;
  return all
    .filter((t) => t.path === prefix || t.path.startsWith(`${prefix}.`))
    .map((t) => ({ ...t, path: t.path === prefix ? "" : t.path.slice(prefix.length + 1) }));
}

/**
 * What setup and deploy need to know about one environment:
 * `{ workerName, database: { binding, database_name, database_id } | undefined, queues: string[] }`.
 */
export function readEnvironment(text, env, binding = "DB") {
  const root = tables(text)[0].values;
  const own = envTables(text, env);
  if (env && own.length === 0) {
    throw new Error(`wrangler.toml has no [env.${env}] section`);
  }
  const top = own.find((t) => t.path === "")?.values ?? {};
  // wrangler's own default for an environment without a name: "<top-level name>-<env>".
  const workerName = env ? (top.name ?? `${root.name}-${env}`) : root.name;
  const database = own.find((t) => t.path === "d1_databases" && t.values.binding === binding)?.values;
  const queues = [];
  for (const t of own) {
    if (t.path !== "queues.producers" && t.path !== "queues.consumers") continue;
    for (const q of [t.values.queue, t.values.dead_letter_queue]) {
      if (typeof q === "string" && !queues.includes(q)) queues.push(q);
    }
  }
  return { workerName, database, queues };
}

/**
 * wrangler.toml with `database_id` of the D1 binding `binding` in environment `env` set to `id`.
 * Only the quoted value changes; the line's comment and everything else stay as they were.
 */
export function setDatabaseId(text, env, id, binding = "DB") {
  const table = envTables(text, env).find((t) => t.path === "d1_databases" && t.values.binding === binding);
  if (!table) throw new Error(`wrangler.toml has no [[${env ? `env.${env}.` : ""}d1_databases]] with binding = "${binding}"`);
  const lines = text.split("\n");
  for (let i = table.start; i < table.end; i++) {
    const m = /^(\s*database_id\s*=\s*)(["'])[^"']*\2(.*)$/.exec(lines[i]);
    if (m) {
      lines[i] = `${m[1]}"${id}"${m[3]}`;
      return lines.join("\n");
    }
  }
  // No database_id line yet: add one right after database_name (or as the table's first line).
  let at = table.start;
  for (let i = table.start; i < table.end; i++) if (/^\s*database_name\s*=/.test(lines[i])) at = i + 1;
  lines.splice(at, 0, `database_id = "${id}"`);
  return lines.join("\n");
}
