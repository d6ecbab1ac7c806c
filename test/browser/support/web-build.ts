import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { projectRoot } from '../../support/shared-data.ts';

/** Where `npm run build:web` puts the dashboard, which the browser suites serve. */
export const webRoot = join(projectRoot, 'dist', 'web');

/** Newest modification time (ms) of the files under a folder, recursively. */
function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** dist/web is missing or older than web/ or the src/ modules the dashboard bundles. */
function webBuildIsStale(): boolean {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return true;
  const sources = [
    join(projectRoot, 'web'),
    join(projectRoot, 'src', 'indicators'),
    join(projectRoot, 'src', 'domain'),
    join(projectRoot, 'src', 'server', 'permissions.ts'),
  ];
  return Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs;
}

/**
 * Builds web/ into dist/web only when it is missing or stale: a fresh `npm run build` is reused
 * (and other suites that serve dist/web never see it emptied mid-run).
 */
export async function ensureWebBuild(suite: string): Promise<void> {
  if (!webBuildIsStale()) return;
  console.warn(`${suite}: building web/ into dist/web (missing or older than its sources)`);
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the build would be Vue's
  // development flavour (~20 % larger, with dev-only checks), not what `npm run build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(projectRoot, 'web', 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
