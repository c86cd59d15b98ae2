import type { CheckEngines } from './run-check.js';
import { probeOptionsOf, scanOptionsOf } from './target-options.js';

/** The probe and scan cores, loaded only when a config names a probe or a scan. */
export const defaultEngines: CheckEngines = {
  async probe(t, signal) {
    const { probe } = await import('../probe/run-probe.js');
    if (!t.saveHar) return probe(probeOptionsOf(t), signal);
    // As `probe --save-har`: written even when the probe fails, since that is when it helps most.
    const { buildHar, renderHar } = await import('../probe/har-writer.js');
    const { writeFile } = await import('node:fs/promises');
    let sent: Parameters<typeof buildHar>[0] | undefined;
    const { VERSION } = await import('../version.js');
    try {
      return await probe({ ...probeOptionsOf(t), onRequests: (log) => (sent = log) }, signal);
    } finally {
      if (sent?.sent.length)
        await writeFile(t.saveHar, renderHar(buildHar(sent, { version: VERSION, showSecrets: t.showSecrets })), {
          mode: t.showSecrets ? 0o600 : 0o666,
        });
    }
  },
  async scan(t, signal) {
    const { scan } = await import('../scan/scan.js');
    return scan(t.store, { signal, ...scanOptionsOf(t) });
  },
};
