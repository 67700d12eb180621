// Every HTML file below a folder (a built site), as paths.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return htmlFiles(p);
    return e.name.endsWith('.html') ? [p] : [];
  });
}
