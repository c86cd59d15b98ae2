#!/usr/bin/env node
/**
 * What interpret() costs per stored session on the scan hot path, on the committed real-framework
 * fixtures, beside interpretLean() (what the scan calls: node sessions read from their bytes).
 * Anchors measured in the same run: JSON.parse of the same bytes (the floor any JSON reading pays)
 * and the bare decoder. Then the scan's whole judging path: scanStore over 200k recorded records
 * of the bench keyspace (bench/scan.mjs's express sessions), in CPU µs per key.
 * Run after a build:  npx tsc -p tsconfig.build.json && node bench/interpret.mjs
 *   --against=<dir>  a second build (a dist/ of another commit, beside a package.json and
 *                    node_modules) judged alternately in the same process, with the ratio
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { interpret } from '../dist/frameworks/interpret.js';
import { interpretDecoded } from '../dist/frameworks/interpret-decoded.js';
import { interpretLean } from '../dist/frameworks/interpret-lean.js';
import { scanStore } from '../dist/scan/scan.js';

const root = 'test/fixtures';
const cases = [];
/** Two fixture layouts: node/<fw>/<scenario>.{bin,json} and <fw>/<variant>/<scenario>.meta.json naming its `file`. */
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path);
    else if (e.name.endsWith('.meta.json')) {
      const meta = JSON.parse(readFileSync(path, 'utf8'));
      const file = join(dir, meta.file);
      const input = meta.file.endsWith('.hash.json')
        ? {
            key: meta.key,
            hash: new Map(
              Object.entries(JSON.parse(readFileSync(file, 'utf8'))).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
            ),
          }
        : { key: meta.key, bytes: readFileSync(file), flags: meta.flags, store: meta.store };
      cases.push({ fw: dir.slice(root.length + 1), input });
    } else if (e.name.endsWith('.bin')) {
      const metaFile = path.replace(/\.bin$/, '.json');
      const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
      cases.push({
        fw: dir.slice(root.length + 1),
        input: { key: meta.key, bytes: readFileSync(path), flags: meta.flags, store: meta.store },
      });
    }
  }
}
walk(root);

/** ns per call: the best of 5 rounds, because on a shared machine the slow rounds measure the neighbours. */
function perOp(fn, roundMs = 60) {
  for (let i = 0; i < 2000; i++) fn();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < roundMs * 1e6) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      elapsed = Number(process.hrtime.bigint() - t0);
    }
    best = Math.min(best, elapsed / n);
  }
  return best;
}

const groups = new Map();
for (const c of cases) {
  if (!groups.has(c.fw)) groups.set(c.fw, []);
  groups.get(c.fw).push(c);
}
console.log(
  'fixture set                   interpret   payloads/s   semantics only   JSON.parse anchor      interpretLean',
);
for (const [fw, list] of groups) {
  let i = 0;
  const next = () => list[i++ % list.length].input;
  const full = perOp(() => interpret(next()));
  const decoded = list.map((c) => ({ d: interpret(c.input), c }));
  // semantics alone: interpretDecoded on an already-decoded value
  let j = 0;
  const sem = perOp(() => {
    const { d, c } = decoded[j++ % decoded.length];
    return interpretDecoded(
      d.decoded
        ? { ok: true, format: d.format, value: d.value }
        : { ok: false, format: d.format, reason: d.reason ?? '' },
      c.input,
    );
  });
  const isJson = list.every((c) => c.input.bytes?.[0] === 0x7b);
  let k = 0;
  const anchor = isJson ? perOp(() => JSON.parse(list[k++ % list.length].input.bytes.toString())) : NaN;
  let l = 0;
  const lean = perOp(() => interpretLean(list[l++ % list.length].input));
  console.log(
    `${fw.padEnd(29)} ${(full / 1000).toFixed(2).padStart(6)} µs ${Math.round(1e9 / full)
      .toLocaleString('en')
      .padStart(
        12,
      )} ${(sem / 1000).toFixed(2).padStart(11)} µs ${isJson ? `${(anchor / 1000).toFixed(2).padStart(9)} µs (×${(full / anchor).toFixed(1)})` : '        —         '} ${(lean / 1000).toFixed(2).padStart(8)} µs`,
  );
}

// The scan's judging path: everything after the store hands a record over, on recorded batches.
const N = 200_000;
const now = Date.now();
/** As bench/scan.mjs seeds: 70% what saveUninitialized stores for a preflight, 30% logged in. */
function sessionJson(i) {
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(now + 86_400_000 - (i % 5000) * 1000).toISOString(),
    secure: false,
    httpOnly: true,
    path: '/',
  };
  return JSON.stringify(i % 10 < 7 ? { cookie } : { cookie, passport: { user: `u${i}` }, cart: [i] });
}
const batches = [];
for (let i = 0; i < N; i += 250) {
  const records = [];
  for (let j = i; j < i + 250; j++) {
    const value = Buffer.from(sessionJson(j));
    const key = Buffer.from(`sess:${j.toString(36).padStart(8, '0')}Xq3vT9bLmP0sKd8wZr2yN5cJ`);
    // written j % 5000 seconds ago and not read since: PTTL + idle is the TTL
    records.push({
      node: 'bench',
      key,
      type: 'string',
      ttlMs: 86_400_000 - (j % 5000) * 1000,
      idleS: j % 5000,
      bytes: value.length,
      value,
    });
  }
  batches.push({ type: 'batch', node: 'bench', records });
}
const store = {
  kind: 'redis',
  redactedUrl: 'redis://bench',
  capabilities: {
    noTouch: true,
    idleTime: true,
    fetchFlag: false,
    ttl: true,
    touch: true,
    enumerate: true,
    dumpRestore: true,
    conditionalDelete: 'compare',
  },
  info: async () => ({
    kind: 'redis',
    version: 'redis 7.0',
    nodes: [{ id: 'bench', role: 'primary', version: '7.0', keys: N }],
    estimate: { keys: N },
    idleTrust: { usable: true, reasons: [] },
    clockMs: now,
  }),
  async *walk() {
    yield* batches;
  },
  close: async () => {},
};
const against = process.argv.find((a) => a.startsWith('--against='))?.slice(10);
const builds = [['this build', scanStore]];
if (against) builds.push([against, (await import(join(resolve(against), 'scan/scan.js'))).scanStore]);
const best = builds.map(() => Infinity);
// alternating passes in one process: the machine's load falls on both alike; the best pass counts
for (let pass = 0; pass < 8; pass++) {
  for (const [b, [, run]] of builds.entries()) {
    const t = process.cpuUsage();
    await run(store, { rate: 'max', showKeys: true });
    const c = process.cpuUsage(t);
    if (pass > 0) best[b] = Math.min(best[b], (c.user + c.system) / N);
  }
}
const t = process.cpuUsage();
for (const { records } of batches) for (const r of records) JSON.parse(r.value.toString());
const parse = process.cpuUsage(t);
console.log(
  `\nscan judging path, scanStore over ${N.toLocaleString('en')} recorded bench records (CPU, best of 7 passes):`,
);
for (const [b, [name]] of builds.entries()) console.log(`  ${name.padEnd(28)} ${best[b].toFixed(2)} µs/key`);
if (against) console.log(`  ratio this/against          ×${(best[0] / best[1]).toFixed(2)}`);
console.log(`  JSON.parse of the same payloads alone: ${((parse.user + parse.system) / N).toFixed(2)} µs/key`);
