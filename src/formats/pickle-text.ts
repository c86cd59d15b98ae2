import { Buffer } from 'node:buffer';
import { fail } from './decode-failure.js';
import { textOrBytes } from './text.js';
import type { DecodedValue } from './types.js';

/** A memo index line (`p0`, `g12`): at most 10 digits. */
export function readDecimal(line: string): number {
  let value = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9 || i >= 10) fail(`bad memo index ${JSON.stringify(line.slice(0, 20))}`);
    value = value * 10 + c;
  }
  return line.length > 0 ? value : fail('empty memo index');
}

export function readFloatLine(line: string): number {
  const lower = line.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(line)) fail(`bad float ${JSON.stringify(line.slice(0, 40))}`);
  return Number(line);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  '\\': 92,
  "'": 39,
  '"': 34,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  '\n': -1,
};

/** STRING: a Python 2 str repr (`'abc\x00'`), decoded with escape_decode like Python does. */
export function readQuoted(line: string): DecodedValue {
  const quote = line[0];
  if (line.length < 2 || (quote !== "'" && quote !== '"') || line[line.length - 1] !== quote)
    fail('STRING argument is not quoted');
  const out: number[] = [];
  for (let i = 1; i < line.length - 1; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x5c) {
      out.push(c);
      continue;
    }
    const e = line[++i] ?? fail('dangling escape in STRING');
    if (e === 'x') {
      const hex = line.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('bad \\x escape in STRING');
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (e >= '0' && e <= '7') {
      const oct = /^[0-7]{1,3}/.exec(line.slice(i, i + 3))?.[0] ?? '0';
      out.push(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else {
      const simple = SIMPLE_ESCAPES[e];
      if (simple === undefined) out.push(0x5c, e.charCodeAt(0));
      else if (simple >= 0) out.push(simple);
    }
  }
  const bytes = Uint8Array.from(out);
  return textOrBytes(Buffer.from(bytes.buffer), 0, bytes.length);
}

/** UNICODE: raw-unicode-escape, i.e. latin-1 bytes with \uXXXX and \UXXXXXXXX escapes. */
export function readRawUnicode(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_m, esc: string) => {
    const cp = parseInt(esc.slice(1), 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : fail('bad \\U escape in UNICODE');
  });
}
