import { defaulted, option } from './option-spec.js';

/** `sessctl demo`'s options. */
export const DEMO_SPEC = {
  store: option<string>({
    flags: '--store <url>',
    help: 'put both apps on a real store (redis://, valkey://, redis+cluster://, memcached://); keys are kept apart by prefix and expire in 10 minutes',
  }),
  serve: defaulted<boolean>({
    flags: '--serve',
    help: 'start both apps and keep them running (until Ctrl-C); prints "naive URL" and "sessctl URL", one line each',
    default: false,
  }),
};
