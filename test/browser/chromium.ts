/**
 * Debian's Chromium, driven by playwright-core (no browser download). CI installs it with
 * `command -v chromium || (apt-get update && apt-get install -y chromium)`; without it the
 * browser suites skip, saying so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => fs.existsSync(CHROMIUM_PATH);
export const SKIP_MESSAGE = `skipped: no Chromium at ${CHROMIUM_PATH} (install it: apt-get install -y chromium, or set CHROMIUM_PATH)`;

/** Where screenshots go (gitignored): look at them after a run. */
export const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
