import { describe, expect, it } from 'vitest';
import { forgeId } from './forge-id.js';
import { idVariants, learnPrefix } from './store-tracker.js';

describe('forgeId', () => {
  it('keeps length, separators and character classes, and never returns the original', () => {
    for (const seen of [
      '8a1f0c33de9b4e5fa0c2b7d9e1f3a5c7',
      'q3v0k2l9m1n8b7c6x5z4a3s2d1',
      '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      'AbCdEf0123456789_-xYz',
    ]) {
      const forged = forgeId(seen);
      expect(forged).not.toBe(seen);
      expect(forged).toHaveLength(seen.length);
      expect(forged.replace(/[A-Za-z0-9]/g, '')).toBe(seen.replace(/[A-Za-z0-9]/g, ''));
    }
    expect(forgeId('8a1f0c33de9b4e5fa0c2b7d9e1f3a5c7')).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps express's URL-encoded s: prefix and signature shape", () => {
    const forged = forgeId('s%3AAbCdEfGhIjKlMnOpQrStUvWxYz012345.SiGnAtUrE0123456789abcdefghijklmnopqrstuvwx');
    expect(forged).toMatch(/^s%3A[A-Za-z0-9]{32}\.[A-Za-z0-9]{43}$/);
  });
});

describe('store prefix learning', () => {
  it('finds the prefix from the key that holds a session id, signed or not', () => {
    expect(learnPrefix(['other:1', 'sess:AbCdEfGhIjKlMnOp'], ['s%3AAbCdEfGhIjKlMnOp.sig0123456789'])).toBe('sess:');
    expect(learnPrefix(['PHPREDIS_SESSION:q3v0k2l9m1n8b7c6x5z4a3s2d1'], ['q3v0k2l9m1n8b7c6x5z4a3s2d1'])).toBe(
      'PHPREDIS_SESSION:',
    );
  });

  it('falls back to the most common leading segment when keys hash the id', () => {
    expect(learnPrefix(['cts:9f86d08', 'cts:1b4f0e9', 'misc:x'], ['not-in-any-key'])).toBe('cts:');
    expect(learnPrefix(['nocolon'], [])).toBeNull();
  });

  it('strips express and fastify signatures', () => {
    expect(idVariants('s%3AAbCdEfGhIjKlMnOp.sig')).toContain('AbCdEfGhIjKlMnOp');
    expect(idVariants('AbCdEfGhIjKlMnOpQrSt.AbCdEfGhIjKlMnOpQrStUv')).toContain('AbCdEfGhIjKlMnOpQrSt');
  });
});
