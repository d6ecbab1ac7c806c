import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './shared-data.ts';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `microcap <args>` from the sources (Node strips the types) and captures its output. */
export function runMicrocap(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const child = spawnSync(process.execPath, [join(projectRoot, 'src/cli/main.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}
