import { existsSync } from 'node:fs';

/** Debian's Chromium, or MICROCAP_CHROMIUM; browser suites skip (with a notice) without it. */
export const chromiumPath = process.env.MICROCAP_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of ARCHITECTURE.md: headless, no sandbox (root), no calls to Google's hosts. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether Chromium is there; prints why `suite` is skipped when it is not. */
export function chromiumAvailable(suite: string): boolean {
  const found = existsSync(chromiumPath);
  if (!found) {
    console.warn(
      `${suite} skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set MICROCAP_CHROMIUM)`,
    );
  }
  return found;
}
