import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../support/shared-data.ts';

const MAIN = join(projectRoot, 'src', 'cli', 'main.ts');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `microcap ARGS` in a child process with DATABASE_URL set (as a user would). */
export function runMicrocap(args: readonly string[], databaseUrl: string): CliRun {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function spawnMicrocap(args: readonly string[], databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [MAIN, ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
