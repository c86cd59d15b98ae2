import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules of docs/architecture.md live in eslint.config.js; these cases prove they bite.
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });

async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('layers point down (eslint.config.js)', () => {
  it.each([
    [
      'src/scan/layer-probe.ts',
      "import type { Renderer } from '../cli/output.js';\nexport type R = Renderer<string>;\n",
    ],
    ['src/clean/layer-probe.ts', "export { write } from '../cli/output.js';\n"],
    ['src/middleware/stores/layer-probe.ts', "export { VERSION } from '../../cli/program.js';\n"],
    ['src/check/layer-probe.ts', "export const load = () => import('../cli/output.js');\n"],
  ])('core never imports cli/: %s', async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('core never imports cli/');
  });

  it.each([
    ['src/report/layer-probe.ts', "export { emitReport } from '../cli/output.js';\n"],
    ['src/layer-probe.ts', "export { main } from './cli/main.js';\n"],
  ])('report/ and the root never import cli/: %s', async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('never import cli/');
  });

  it.each([
    ['src/scan/layer-probe.ts', "export { renderScanTable } from '../report/scan-table.js';\n"],
    ['src/formats/layer-probe.ts', "export const load = () => import('../report/scan-table.js');\n"],
    ['src/stores/layer-probe.ts', "export { terminalWidth } from '../report/wrap.js';\n"],
    ['src/clean/layer-probe.ts', "export { renderCleanText } from '../report/clean-text.js';\n"],
    ['src/demo/layer-probe.ts', "export { demoRenderers } from '../report/demo-renderers.js';\n"],
    ['src/watch/layer-probe.ts', "export { renderWatchFrame } from '../report/watch-text.js';\n"],
  ])('core never imports report/: %s', async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('core never imports cli/ or report/');
  });

  it.each([
    ['src/stores/layer-probe.ts', "export { classify } from '../scan/classify.js';\n"],
    ['src/frameworks/layer-probe.ts', "export { planRecord } from '../clean/plan.js';\n"],
    ['src/stores/rdb/layer-probe.ts', "export { memoryStore } from '../../middleware/index.js';\n"],
    ['src/stores/layer-probe.ts', "export { watch } from '../watch/watch.js';\n"],
  ])('the data layers import no core: %s', async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('the data layers (stores, formats, frameworks) import no core');
  });

  it.each([
    ['src/stores/redis/layer-probe.ts', "export { clean } from '../../clean/clean.js';\n"],
    ['src/stores/memcached/layer-probe.ts', "export const load = () => import('../../scan/scan.js');\n"],
  ])('a store kind folder imports no core: %s', async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('the data layers (stores, formats, frameworks) import no core');
  });

  it.each([
    ['src/stores/redis/layer-probe.ts', "export { metaKey } from '../memcached/memcached-connection.js';\n"],
    ['src/stores/memcached/layer-probe.ts', "export { RespConnection } from '../redis/resp-connection.js';\n"],
    ['src/stores/memory/layer-probe.ts', "export const load = () => import('../rdb/rdb-store.js');\n"],
    ['src/stores/rdb/layer-probe.ts', "export { memoryKv } from '../memory/memory-kv.js';\n"],
  ])("a store kind never imports another kind's folder: %s", async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("never imports another store kind's folder");
  });

  it.each([
    ['src/clean/layer-probe.ts', "export { redisWriter } from '../stores/redis/redis-writer.js';\n"],
    ['src/probe/layer-probe.ts', "export const load = () => import('../stores/memcached/memcached-store.js');\n"],
    ['src/cli/layer-probe.ts', "export { openRdbStore } from '../stores/rdb/rdb-store.js';\n"],
    ['src/layer-probe.ts', "export { memoryKv } from './stores/memory/memory-kv.js';\n"],
  ])("outside stores/, nothing reaches into a kind's folder: %s", async (file, code) => {
    const errors = await layerErrors(code, file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('reach a store through stores/');
  });

  it('lets core reach a store through stores/ and the middleware adapters', async () => {
    expect(
      await layerErrors(
        "export { openStore } from '../stores/from-url.js';\nexport { redisStore } from '../stores/redis/redis-session-store.js';\n",
        'src/middleware/layer-probe.ts',
      ),
    ).toEqual([]);
  });

  it('lets a store kind use the shared pieces at the top of stores/', async () => {
    expect(
      await layerErrors(
        "export { sinceSeen } from '../writer.js';\nexport { pacer } from '../pace.js';\nexport { keySlot } from './cluster-slot.js';\n",
        'src/stores/redis/layer-probe.ts',
      ),
    ).toEqual([]);
  });

  it('lets imports point down: cli → report → data', async () => {
    expect(
      await layerErrors("export { renderScanTable } from '../report/scan-table.js';\n", 'src/cli/layer-probe.ts'),
    ).toEqual([]);
    expect(
      await layerErrors(
        "export { buildDecodeReport } from '../frameworks/decode-report.js';\n",
        'src/report/layer-probe.ts',
      ),
    ).toEqual([]);
    expect(
      await layerErrors(
        "export { decodedToJson } from '../formats/decoded-json.js';\nexport { VERSION } from '../version.js';\n",
        'src/scan/layer-probe.ts',
      ),
    ).toEqual([]);
  });

  it('lets a test reach up (a scan test may read the rendered verdict)', async () => {
    expect(
      await layerErrors("export { renderScanTable } from '../report/scan-table.js';\n", 'src/scan/layer-probe.test.ts'),
    ).toEqual([]);
  });
});
