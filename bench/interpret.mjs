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
for (const lang of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const fw of readdirSync(join(root, lang.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(root, lang.name, fw.name);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.bin'))) {
      const metaFile = join(dir, f.replace(/\.bin$/, '.json'));
      const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
      cases.push({ name: `${lang.name}/${fw.name}/${f}`, fw: `${lang.name}/${fw.name}`, input: { key: meta.key, bytes: readFileSync(join(dir, f)), flags: meta.flags, store: meta.store } });
    }
  }
}

function perOp(fn, minMs = 200) {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs * 1e6) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = Number(process.hrtime.bigint() - t0);
  }
  return elapsed / n; // ns per op
}

const groups = new Map();
for (const c of cases) {
  if (!groups.has(c.fw)) groups.set(c.fw, []);
  groups.get(c.fw).push(c);
}
console.log('framework set                 interpret   payloads/s   semantics only   JSON.parse anchor');
for (const [fw, list] of groups) {
  let i = 0;
  const next = () => list[i++ % list.length].input;
  const full = perOp(() => interpret(next()));
  const decoded = list.map((c) => ({ d: interpret(c.input), c }));
  // semantics alone: interpretDecoded on an already-decoded value
  let j = 0;
  const sem = perOp(() => {
    const { d, c } = decoded[j++ % decoded.length];
    return interpretDecoded(d.decoded ? { ok: true, format: d.format, value: d.value } : { ok: false, format: d.format, reason: d.reason ?? '' }, c.input);
  });
  const isJson = list.every((c) => c.input.bytes[0] === 0x7b);
  let k = 0;
  const anchor = isJson ? perOp(() => JSON.parse(list[k++ % list.length].input.bytes.toString())) : NaN;
  console.log(
    `${fw.padEnd(29)} ${(full / 1000).toFixed(2).padStart(6)} µs ${Math.round(1e9 / full).toLocaleString('en').padStart(12)} ${(sem / 1000).toFixed(2).padStart(11)} µs ${isJson ? `${(anchor / 1000).toFixed(2).padStart(9)} µs (×${(full / anchor).toFixed(1)})` : '        —'}`,
  );
}
