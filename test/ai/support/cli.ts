import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../support/shared-data.ts';

export interface AsyncCliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `microcap <args>` without blocking the event loop, so a fake server in the test process
 * can answer the child's requests (spawnSync would deadlock).
 */
export function runMicrocapAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<AsyncCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'src/cli/main.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Environment with every LLM variable unset (so the machine's own settings never leak in). */
export function cleanLlmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    LLM_API_KEY: '',
    OPENAI_API_KEY: '',
    LLM_BASE_URL: '',
    LLM_MODEL: '',
    ...extra,
  };
}
