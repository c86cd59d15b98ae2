import type { CheckEngines } from './run-check.js';

/** The probe and scan cores, loaded only when a config names a probe or a scan. */
export const defaultEngines: CheckEngines = {
  async probe(t, signal) {
    const { probe } = await import('../probe/run-probe.js');
    return probe(
      {
        url: t.url,
        ...(t.origin ? { origin: t.origin } : {}),
        ...(t.store ? { store: t.store } : {}),
        ...(t.sessionCookie ? { sessionCookie: t.sessionCookie } : {}),
        ...(t.tokenHeader ? { tokenHeader: t.tokenHeader } : {}),
        ...(t.tokenField ? { tokenField: t.tokenField } : {}),
        ...(t.stateUrl ? { stateUrl: t.stateUrl } : {}),
        ...(t.logout ? { logout: t.logout } : {}),
        ...(t.login ? { login: t.login } : {}),
        ...(t.expect.length ? { expect: t.expect } : {}),
      },
      signal,
    );
  },
  async scan(t, signal) {
    const { scan } = await import('../scan/scan.js');
    return scan(t.store, {
      signal,
      ...(t.match ? { match: t.match } : {}),
      ...(t.layouts.length ? { layouts: t.layouts } : {}),
      ...(t.minAgeMs !== undefined ? { minAgeMs: t.minAgeMs } : {}),
      ...(t.staleMs !== undefined ? { staleMs: t.staleMs } : {}),
      ...(t.rate !== undefined ? { rate: t.rate } : {}),
    });
  },
};
