// pagefind.js fetches its files; run in Node, the tests serve file: URLs
// from the disk (other URLs go to Node's own fetch).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export function fetchFromDisk() {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input) => {
    const url = String(typeof Request === 'function' && input instanceof Request ? input.url : input);
    if (!url.startsWith('file:')) return realFetch(input);
    try {
      return new Response(await readFile(fileURLToPath(url)), { status: 200 });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
