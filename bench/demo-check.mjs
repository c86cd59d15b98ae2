#!/usr/bin/env node
/**
 * How long `sessctl demo` takes (budget: 5 s) and what `sessctl check` adds on top of the probes
 * and scans it runs. Anchors measured in the same run: the demo's deliberate wait before visitors
 * come back (RETURN_AFTER_MS.embedded), and for check the probe + scan cores called directly on the
 * same targets. Run after a build:
 *   npx tsc -p tsconfig.build.json && node bench/demo-check.mjs      (BENCH_ROUNDS, default 5)
 */
const DIST = process.env.SESSCTL_DIST ?? new URL('../dist/', import.meta.url).href;
const load = (p) => import(new URL(p, DIST).href);
const { runDemo, RETURN_AFTER_MS } = await load('demo/run-demo.js');
const { startDemo } = await load('demo/start-demo.js');
const { traffic } = await load('demo/traffic.js');
const { DEMO_ORIGIN } = await load('demo/demo-routes.js');
const { parseConfig } = await load('check/parse-config.js');
const { runCheck } = await load('check/run-check.js');
const { probe } = await load('probe/run-probe.js');
const { scan } = await load('scan/scan.js');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const signal = new AbortController().signal;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

// 1. The demo, stage by stage.
const totals = [];
const stages = {};
for (let i = 0; i < ROUNDS; i++) {
  let last = performance.now();
  let current = 'start apps';
  const t0 = last;
  await runDemo({
    signal,
    onStage: (s) => {
      const now = performance.now();
      (stages[current] ??= []).push(now - last);
      current = s.split(':')[0];
      last = now;
    },
  });
  (stages[current] ??= []).push(performance.now() - last);
  totals.push(performance.now() - t0);
}
const wait = RETURN_AFTER_MS.embedded;
console.log(`sessctl demo (embedded store), ${ROUNDS} rounds`);
console.log(
  `  total          median ${ms(median(totals))}  (min ${ms(Math.min(...totals))}, max ${ms(Math.max(...totals))}); budget 5000 ms → ${(median(totals) / 5000).toFixed(2)}× of budget`,
);
for (const [stage, xs] of Object.entries(stages)) console.log(`  ${stage.padEnd(40)} ${ms(median(xs))}`);
console.log(`  anchor: deliberate wait ${wait} ms → work beyond it ${ms(median(totals) - wait)}`);

// 2. check on a config naming both apps vs the probe and scan cores called directly.
const demo = await startDemo();
for (const app of [demo.naive, demo.sessctl]) {
  const t = traffic(app.url);
  await t.arrive();
  await t.close();
}
const config = parseConfig(
  JSON.stringify({
    failOn: 'low',
    probes: [demo.naive, demo.sessctl].map((a) => ({ name: a.name, url: `${a.url}/api/me`, origin: DEMO_ORIGIN })),
    scans: [demo.naive, demo.sessctl].map((a) => ({
      name: `${a.name}-store`,
      store: a.storeUrl,
      minAge: '0s',
      maxShare: { empty: 0.05 },
    })),
  }),
);
const checkTimes = [];
const directTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  await runCheck(config, { signal, concurrency: 1 });
  checkTimes.push(performance.now() - t);
  t = performance.now();
  for (const a of [demo.naive, demo.sessctl]) await probe({ url: `${a.url}/api/me`, origin: DEMO_ORIGIN }, signal);
  for (const a of [demo.naive, demo.sessctl]) await scan(a.storeUrl, { minAgeMs: 0, signal });
  directTimes.push(performance.now() - t);
}
await demo.close();
console.log(`\nsessctl check, 2 probes + 2 scans, sequential, ${ROUNDS} rounds`);
console.log(`  check          median ${ms(median(checkTimes))}`);
console.log(
  `  anchor: cores  median ${ms(median(directTimes))} → check/cores ${(median(checkTimes) / median(directTimes)).toFixed(2)}×`,
);
