import { UsageError } from '../errors.js';
import { defaulted, option } from './option-spec.js';

/** `sessctl decode`'s options; `flags` is a memcached item's client flags (a 32-bit unsigned integer). */
export const DECODE_SPEC = {
  key: option<string>({
    flags: '--key <key>',
    help: 'the store key the payload came from: a strong hint for framework detection',
  }),
  flags: option<number>({
    flags: '--flags <n>',
    help: 'memcached client flags of the item (implies it came from memcached)',
    parse: (v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 0xffffffff) throw new UsageError('flags must be an integer from 0 to 4294967295');
      return n;
    },
  }),
  hash: defaulted<boolean>({
    flags: '--hash',
    help: 'the input is a Redis hash (Spring Session) as a JSON object of field name → base64 value',
    default: false,
  }),
  showValues: defaulted<boolean>({
    flags: '--show-values',
    help: 'print string values and the key instead of redacting them',
    default: false,
  }),
};
