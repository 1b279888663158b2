/** Types for scripts/dev-env.mjs (the TypeScript e2e tests import it; allowJs is off). */
import type { ChildProcess } from "node:child_process";

export const OFFLINE_ENV: Readonly<Record<string, string>>;
export function wranglerBin(projectDir: string): string;
export function runWrangler(
  projectDir: string,
  args: string[],
  opts?: { quiet?: boolean; env?: Record<string, string> },
): Promise<string>;
export function spawnWranglerDev(
  projectDir: string,
  args: string[],
  opts?: { onLine?: (line: string) => void; env?: Record<string, string> },
): ChildProcess;
export function stopWrangler(child: ChildProcess | undefined, graceMs?: number): Promise<void>;
export function killNow(child: ChildProcess | undefined): void;
export function descendants(pid: number): number[];
export function waitForHttp(url: string, opts?: { timeoutMs?: number; child?: ChildProcess }): Promise<void>;
export function freePort(host?: string): Promise<number>;
export function startFrozenWorker(
  projectDir: string,
  opts: {
    dir: string;
    port: number;
    vars: Record<string, string>;
    onLine?: (line: string) => void;
    onSpawn?: (child: ChildProcess) => void;
  },
): Promise<ChildProcess>;
