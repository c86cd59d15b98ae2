#!/usr/bin/env node
/**
 * What interpret() costs per stored session on the scan hot path, on the committed real-framework
 * fixtures. Anchors measured in the same run: JSON.parse of the same bytes (the floor any JSON
 * reading pays) and the bare decoder. Run after a build:  npx tsc -p tsconfig.build.json && node bench/interpret.mjs
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { interpret } from '../dist/frameworks/interpret.js';
import { interpretDecoded } from '../dist/frameworks/interpret-decoded.js';

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
console.log('fixture set                   interpret   payloads/s   semantics only   JSON.parse anchor');
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
  console.log(
    `${fw.padEnd(29)} ${(full / 1000).toFixed(2).padStart(6)} µs ${Math.round(1e9 / full)
      .toLocaleString('en')
      .padStart(
        12,
      )} ${(sem / 1000).toFixed(2).padStart(11)} µs ${isJson ? `${(anchor / 1000).toFixed(2).padStart(9)} µs (×${(full / anchor).toFixed(1)})` : '        —'}`,
  );
}
