import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file lives in test/support/). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Real OHLCV files live in ../shared/data beside the clone (never copied into the repo).
 * MICROCAP_SHARED_DATA overrides the folder.
 */
export const sharedDataDir =
  process.env.MICROCAP_SHARED_DATA ?? join(projectRoot, '..', 'shared', 'data');

export function sharedDataPath(fileName: string): string {
  const path = join(sharedDataDir, fileName);
  if (!existsSync(path)) {
    throw new Error(
      `shared data file ${path} is missing; set MICROCAP_SHARED_DATA to the data folder`,
    );
  }
  return path;
}
