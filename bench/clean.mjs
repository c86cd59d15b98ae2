#!/usr/bin/env node
// sessctl clean benchmark: a dedicated redis-server on loopback seeded with N empty express-session
// sessions (created an hour ago, so older than --min-age), cleaned with the backup on (the default),
// against anchors measured in the same run: clean --no-backup, and a plain SCAN + UNLINK loop
// (unconditional, no backup: the floor of what a delete can cost). Then restore of the backup.
//   node bench/clean.mjs [--n 100000]
// Needs a build (npm run build). Prints figures and ratios; never asserts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitPort } from './ports.mjs';

const { clean } = await import('../dist/clean/clean.js');
const { restore } = await import('../dist/clean/restore.js');

const args = process.argv.slice(2);
const i = args.indexOf('--n');
const N = i >= 0 ? Number(args[i + 1]) : 100_000;

const dir = mkdtempSync(join(tmpdir(), 'sessctl-bench-clean-'));
const port = await freePort();
const server = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
  { stdio: 'ignore' },
);
await waitPort(port);
const url = `redis://127.0.0.1:${port}`;
const r = new Redis(url);
const version = (await r.info('server')).match(/redis_version:(\S+)/)[1];

async function seed() {
  const created = Date.now() - 3_600_000;
  const value = JSON.stringify({
    cookie: {
      originalMaxAge: 86_400_000,
      expires: new Date(created + 86_400_000).toISOString(),
      httpOnly: true,
      path: '/',
    },
  });
  for (let from = 0; from < N; from += 10_000) {
    const p = r.pipeline();
    for (let k = from; k < Math.min(N, from + 10_000); k++)
      p.set(`sess:${k.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`, value, 'PX', 82_800_000);
    await p.exec();
  }
}

async function timed(label, fn) {
  const t = performance.now();
  const out = await fn();
  const s = (performance.now() - t) / 1000;
  return { label, s, out };
}

const rows = [];
await seed();
const dry = await timed('dry run (scan + plan)', () => clean(url, { match: 'sess:*', rate: 'max' }));
rows.push({ ...dry, keys: dry.out.selected.count });

const backup = join(dir, 'backup.ndjson');
const withBackup = await timed('clean --apply (backup on, fsync per batch)', () =>
  clean(url, { match: 'sess:*', apply: true, backup, rate: 'max' }),
);
rows.push({ ...withBackup, keys: withBackup.out.result.deleted });
const rest = await timed('restore (RESTORE … ABSTTL IDLETIME)', () => restore(backup));
rows.push({ ...rest, keys: rest.out.restored });
await r.flushall();

await seed();
const noBackup = await timed('clean --apply --no-backup', () =>
  clean(url, { match: 'sess:*', apply: true, backup: null, rate: 'max' }),
);
rows.push({ ...noBackup, keys: noBackup.out.result.deleted });
await r.flushall();

await seed();
const plain = await timed('anchor: SCAN 1000 + UNLINK (unconditional, no backup)', async () => {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', 'sess:*', 'COUNT', 1000);
    if (keys.length) n += await r.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return n;
});
rows.push({ ...plain, keys: plain.out });

r.disconnect();
server.kill('SIGTERM');
const backupBytes = statSync(backup).size;
rmSync(dir, { recursive: true, force: true });

console.log(
  `sessctl clean bench · redis ${version} · ${N.toLocaleString('en-US')} empty sessions · node ${process.version}`,
);
for (const row of rows) {
  console.log(
    `  ${row.label.padEnd(58)} ${String(row.keys).padStart(8)} keys  ${row.s.toFixed(2).padStart(6)} s  ${Math.round(
      row.keys / row.s,
    )
      .toLocaleString('en-US')
      .padStart(9)} keys/s`,
  );
}
const kps = (row) => row.keys / row.s;
for (const row of [withBackup, noBackup]) {
  const sk = row.out.result.skipped;
  if (sk.changed + sk.gone + sk.error)
    console.log(`  ${row.label}: skipped ${sk.changed} changed, ${sk.gone} gone, ${sk.error} errors`);
}
console.log(`  backup file: ${(backupBytes / 1024 / 1024).toFixed(1)} MiB (${Math.round(backupBytes / N)} B/key)`);
console.log(
  `  ratios: backup on / no backup ${(kps(rows[1]) / kps(rows[3])).toFixed(2)} · backup on / plain UNLINK ${(kps(rows[1]) / kps(rows[4])).toFixed(2)}`,
);
