// Starts Debian's Chromium headless with a fresh profile and no background
// networking (this machine's network is closed; Chromium's own calls home
// would only add noise). Test tools' browser downloads do not work here,
// so the system browser is always used.

import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
