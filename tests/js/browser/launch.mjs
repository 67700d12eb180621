// Starts Debian's Chromium headless with a fresh profile and no background
// networking (this machine's network is closed; Chromium's own calls home
// would only add noise). Test tools' browser downloads do not work here,
// so the system browser is always used.

import { chromium } from 'playwright-core';

const options = {
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
};

// On this shared machine Chromium now and then dies while it starts
// (a SIGSEGV before any page, once in a full run of the suite); that says
// nothing about the site, so a browser that fails to start is started
// again, three tries in all. Anything after the start fails as before.
export async function launch() {
  let failure;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await chromium.launch(options);
    } catch (e) {
      failure = e;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  throw failure;
}
