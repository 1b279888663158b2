/**
 * The worker's bundle and a migrated local D1 (scripts/dev-env.mjs buildFrozenWorker), made at most
 * once per run of the node project and only if a test asks: every worker a test boots serves that
 * bundle from a copy of that state (test/support-node/worker.ts), instead of spending two wrangler
 * starts (~9 s here) on making its own. The default export is the project's globalSetup: it gives
 * the run a directory for them and removes it at the end.
 */
import { access, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import type { TestProject } from "vitest/node";
import { buildFrozenWorker, frozenBuildIn, type FrozenBuild } from "../../scripts/dev-env.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    frozenBuildDir: string;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "textback-build-"));
  project.provide("frozenBuildDir", dir);
  return () => rm(dir, { recursive: true, force: true });
}

let mine: Promise<FrozenBuild> | undefined;

/**
 * The run's build. Test files run in processes of their own, maybe two at once: the first to take
 * the lock builds; the others wait for its `done` (or its `failed`, and fail with the same reason).
 */
export function frozenBuild(timeoutMs = 180_000): Promise<FrozenBuild> {
  mine ??= (async () => {
    const dir = inject("frozenBuildDir");
    const done = path.join(dir, "done");
    const failed = path.join(dir, "failed");
    // Written whole under another name, then renamed: a reader never sees half of it.
    const settle = async (file: string, text: string) => {
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    };
    if (await mkdir(path.join(dir, "lock")).then(() => true, () => false)) {
      try {
        const build = await buildFrozenWorker(ROOT, dir);
        await settle(done, "");
        return build;
      } catch (e) {
        await settle(failed, String(e));
        throw e;
      }
    }
    for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      const reason = await readFile(failed, "utf8").catch(() => null);
      if (reason !== null) throw new Error(`the worker's build failed in another test file: ${reason}`);
      if (await access(done).then(() => true, () => false)) return frozenBuildIn(dir);
    }
    throw new Error(`the worker's build was not ready within ${timeoutMs / 1000} s`);
  })();
  return mine;
}
