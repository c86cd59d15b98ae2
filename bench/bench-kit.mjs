// What every bench script shares: the repo root, its numeric flags, and a pipelined Redis seeder.
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** `--name N` from argv as a number, else `fallback`. */
export function numberArg(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/**
 * Writes `command(i, now)` for i in [from, to) over one socket, 1000 commands a write and at most
 * ~50k replies outstanding, so a seed of millions keeps Redis's output buffer small. Each command
 * must get a one-line reply (+OK, :1).
 */
export async function pipelineSeed(port, from, to, command) {
  const s = connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  let seen = 0;
  let wake;
  s.on('data', (d) => {
    for (const b of d) if (b === 10) seen++;
    if (wake) wake();
  });
  const now = Date.now();
  for (let i = from; i < to; i += 1000) {
    let text = '';
    for (let j = i; j < Math.min(to, i + 1000); j++) text += command(j, now);
    if (!s.write(text)) await new Promise((r) => s.once('drain', r));
    while (i - from - seen > 50_000) await new Promise((r) => (wake = r));
  }
  while (seen < to - from) await new Promise((r) => (wake = r));
  s.destroy();
}
