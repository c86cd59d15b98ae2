import { describe, expect, it } from 'vitest';
import { parseCount, parseDuration, parseRate, parseSize } from './parse.js';

describe('parsers', () => {
  it('parses durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('refuses bare numbers and junk with an exact message', () => {
    expect(() => parseDuration('30')).toThrow(
      'invalid duration "30": use a number with a unit, e.g. 30s, 10m, 24h, 7d',
    );
    expect(() => parseDuration('5 minutes')).toThrow(/invalid duration/);
    expect(() => parseDuration('')).toThrow(/invalid duration/);
  });

  it('parses sizes, rates and counts', () => {
    expect(parseSize('4kb')).toBe(4096);
    expect(parseSize('10MiB')).toBe(10 * 1024 * 1024);
    expect(() => parseSize('4 parsecs')).toThrow(
      'invalid size "4 parsecs": use bytes or a unit, e.g. 512, 4kb, 10mb, 1gb',
    );
    expect(parseRate('5000')).toBe(5000);
    expect(parseRate('5k/s')).toBe(5000);
    expect(parseRate('300/m')).toBe(5);
    expect(() => parseRate('0')).toThrow(/invalid rate "0"/);
    expect(parseCount('10k')).toBe(10_000);
    expect(() => parseCount('-1')).toThrow(/invalid count/);
  });
});
