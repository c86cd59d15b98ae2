import { defaulted } from './option-spec.js';
import { MIN_AGE, STALE } from './scan.js';

/** `sessctl inspect`'s options, keyed as `inspectKey()` takes them; the `--layout` flags are options/layout.ts. */
export const INSPECT_SPEC = {
  showValues: defaulted<boolean>({
    flags: '--show-values',
    help: 'print string values and the key instead of redacting them',
    default: false,
  }),
  minAgeMs: MIN_AGE,
  staleMs: STALE,
};
