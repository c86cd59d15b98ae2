// PLACEHOLDER owned by the pyphp engineer: replace this whole file with the real semantics
// (see define-framework.ts for the contract and express-session.ts for a worked example).
import { defineFramework } from './define-framework.js';
import { classifyRecord, isRecord } from './classify-record.js';

export default defineFramework({
  id: 'flask-session',
  prefixes: ['session:'],
  formats: ['pickle', 'msgpack', 'json'],
  match: () => 0,
  meaning: (v) => (isRecord(v) ? classifyRecord(v, { metadata: new Set() }) : { empty: false, anonymous: true, userKeys: [] }),
});
