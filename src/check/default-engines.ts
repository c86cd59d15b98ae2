import { SessctlError } from '../errors.js';
import type { CheckEngines } from './run-check.js';

// Wired to the probe and scan cores as they land (issue 8 depends on both).
export const defaultEngines: CheckEngines = {
  probe: async () => {
    throw new SessctlError('SESSCTL_INTERNAL', 'the probe core is not available in this build');
  },
  scan: async () => {
    throw new SessctlError('SESSCTL_INTERNAL', 'the scan core is not available in this build');
  },
};
