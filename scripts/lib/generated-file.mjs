/**
 * A file made by a script and committed (the phone metadata, the packed password list, the events
 * schema): written by `npm run <script>`, and with `--check` (CI) compared with what the script makes
 * now, failing at the first line that differs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `root`/`file` should hold `text`. Without --check: written, and `wrote` printed. With it: exit 1
 * naming the first differing line unless the committed file is exactly `text`.
 */
export function writeOrCheck({ root, file, text, script, made, wrote, upToDate }) {
  const fail = (message) => {
    console.error(`${file}: ${message}`);
    process.exit(1);
  };
  if (!process.argv.includes("--check")) {
    writeFileSync(path.join(root, file), text);
    console.log(wrote);
    return;
  }
  let committed;
  try {
    committed = readFileSync(path.join(root, file), "utf8");
  } catch {
    fail(`missing: run \`npm run ${script}\` and commit it.`);
  }
  if (committed !== text) {
    const a = committed.split("\n");
    const b = text.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    const cut = (l) => (l === undefined ? "(end of file)" : l.length > 160 ? `${l.slice(0, 160)}…` : l);
    fail(
      `stale: it is not what ${made}.\n` +
        `First difference at line ${line + 1}:\n  committed: ${cut(a[line])}\n  generated: ${cut(b[line])}\n` +
        `Run \`npm run ${script}\` and commit the result.`,
    );
  }
  console.log(upToDate);
}
