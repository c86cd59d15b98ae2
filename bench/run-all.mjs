#!/usr/bin/env node
// Runs every benchmark in turn (each starts its own servers and prints its own ratios).
// Needs a build: npm run build. Pass a name to run one: npm run bench -- scan
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const all = [
  'decode',
  'interpret',
  'scan',
  'redis-clients',
  'impact',
  'clean',
  'probe',
  'middleware',
  'demo-check',
  'rdb',
  'rdb-scan',
  'watch',
];
const only = process.argv.slice(2);
let failed = 0;
for (const name of only.length ? only : all) {
  process.stdout.write(`\n=== bench/${name}.mjs ===\n`);
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(`./${name}.mjs`, import.meta.url))], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
