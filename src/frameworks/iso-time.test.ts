import { describe, expect, it } from 'vitest';
import { parseIsoTime, quickIsoTimeAscii, quickIsoTimeView } from './iso-time.js';

describe('parseIsoTime', () => {
  it('agrees with Date.parse on Date#toJSON output across the calendar', () => {
    let seed = 11;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const t = (seed / 2 ** 32) * 2.5e14 - 5e13; // about 385 BC to AD 9890
      const s = new Date(t).toJSON();
      expect(parseIsoTime(s), s).toBe(Date.parse(s));
    }
  });

  it('agrees with Date.parse on edge and malformed strings', () => {
    const cases = [
      '2024-02-29T12:00:00.000Z',
      '2023-02-29T12:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-31T24:00:00.000Z',
      '2026-01-10T23:60:00.000Z',
      '2026-01-10T23:59:60.000Z',
      '0050-01-10T00:00:00.000Z',
      '2026-01-1xT00:00:00.000Z',
      '2026-01-10T00:00:00.00xZ',
      '2026-01-10 00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-04-30T10:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '2100-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2026-01-10T00:00:00Z',
      'Thu, 01 Jan 1970 00:00:00 GMT',
      '',
      '+02026-01-10T00:00:00.000Z',
      '2026-01-10T00:00:00.000+',
    ];
    for (const s of cases) expect(parseIsoTime(s), s).toBe(Date.parse(s));
  });
});

describe('quickIsoTimeView', () => {
  it('reads what quickIsoTimeAscii reads, at any offset, on dates and near-dates', () => {
    let seed = 23;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const noise = '0123456789-T:.Z/ \u007f\u00ff';
    for (let i = 0; i < 20_000; i++) {
      const chars = [...new Date(next() * 2.5e14 - 5e13).toJSON().padStart(24, '0').slice(-24)];
      for (let k = next() < 0.5 ? 0 : 1 + Math.floor(next() * 3); k > 0; k--)
        chars[Math.floor(next() * 24)] = noise[Math.floor(next() * noise.length)]!;
      const at = Math.floor(next() * 8);
      const bytes = new Uint8Array(at + 24 + Math.floor(next() * 8));
      bytes.set(Buffer.from(chars.join(''), 'latin1'), at);
      const view = new DataView(bytes.buffer);
      expect(quickIsoTimeView(view, at), chars.join('')).toBe(quickIsoTimeAscii(bytes, at, at + 24));
    }
  });
});
