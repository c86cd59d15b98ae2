import { once } from 'node:events';
import { write } from '../write.js';
import { startDemo } from './start-demo.js';

export interface ServeDemoOptions {
  store?: string;
  signal: AbortSignal;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * `sessctl demo --serve`: starts both apps and keeps them running until the signal aborts (Ctrl-C).
 * stdout gets exactly two lines, `naive URL` and `sessctl URL`, so scripts can read them; hints go
 * to stderr.
 */
export async function serveDemo({ store, signal, stdout, stderr }: ServeDemoOptions): Promise<void> {
  const demo = await startDemo(store ? { store } : {});
  try {
    await write(stdout, `naive ${demo.naive.url}\nsessctl ${demo.sessctl.url}\n`);
    // One match for both apps' keys; --min-age 0s because they are seconds old (the default 5m
    // would not count any of them as an orphan yet).
    const shownUrl = demo.naive.storeUrl.replace(/\/\/[^@/]*@/, '//***@');
    const match = demo.naive.match.replace(/naive:sess:\*$/, '*');
    // Beside the scan, the live view: send preflights to the naive app and watch its prefix mint.
    const storeHints = store
      ? [
          `  sessctl scan ${shownUrl} --match '${match}' --min-age 0s`,
          `  sessctl watch ${shownUrl} --match '${match}' --interval 1s`,
        ]
      : [
          '  the embedded store lives in this process: to scan or watch from another shell, restart with --store redis://…',
        ];
    await write(
      stderr,
      [
        'both demo apps are running; Ctrl-C stops them. Try:',
        `  sessctl probe ${demo.naive.url}/api/me --origin http://localhost:5173`,
        `  sessctl probe ${demo.sessctl.url}/api/me --origin http://localhost:5173 --login 'POST /api/login {"user":"demo"}'`,
        ...storeHints,
        '',
      ].join('\n'),
    );
    if (!signal.aborted) await once(signal, 'abort');
  } finally {
    await demo.close();
  }
}
