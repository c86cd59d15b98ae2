import type { ByteWindow, Need } from './byte-window.js';
import { readString, TOO_BIG } from './read-string.js';
import type { RdbInfo } from './types.js';

/** An AUX field: two strings. The ones a scan report needs are lifted into typed fields. */
export function* readAux(w: ByteWindow, max: number, info: RdbInfo, start: number): Generator<Need, void, unknown> {
  const name = yield* readString(w, max, start);
  const value = yield* readString(w, max, start);
  if (name === TOO_BIG || value === TOO_BIG) return;
  const key = name.toString('latin1');
  const text = value.toString('latin1');
  info.aux[key] = text;
  // Valkey 8 writes both: redis-ver is a compatibility value, valkey-ver the real one.
  if (key === 'valkey-ver' || (key === 'redis-ver' && info.aux['valkey-ver'] === undefined)) info.serverVersion = text;
  else if (key === 'ctime') {
    const s = toInt(text);
    info.ctimeMs = s === null ? null : s * 1000;
  } else if (key === 'used-mem') info.usedMem = toInt(text);
}

function toInt(text: string): number | null {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
