import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSpringHash, detectAndDecode } from './index.js';
import type { FormatId } from './types.js';

/**
 * Every payload a real framework wrote (test/fixtures, see its README) is detected as its format
 * and decodes. What the payloads mean is the frameworks layer's test; this one proves the bytes.
 */
const ROOT = new URL('../../test/fixtures/', import.meta.url).pathname;

const EXPECTED_FORMAT: Record<string, FormatId> = {
  pickle: 'pickle',
  msgpack: 'msgpack',
  json: 'json',
  marshal: 'marshal',
  php: 'php',
  php_serialize: 'php_serialize',
  php_binary: 'php_binary',
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const files = walk(ROOT).filter((f) => !f.endsWith('.meta.json') && !f.endsWith('.md') && !f.endsWith('.hash.json'));
const hashes = walk(ROOT).filter((f) => f.endsWith('.hash.json'));

function metaOf(file: string): { key?: string } {
  const meta = file.replace(/\.[^./]+$/, '.meta.json');
  try {
    return JSON.parse(readFileSync(meta, 'utf8')) as { key?: string };
  } catch {
    const json = file.replace(/\.[^./]+$/, '.json');
    return JSON.parse(readFileSync(json, 'utf8')) as { key?: string };
  }
}

describe('fixtures written by real frameworks', () => {
  it('there are fixtures to check', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(hashes.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.slice(ROOT.length), f] as const))('%s', (_name, file) => {
    const bytes = readFileSync(file);
    const result = detectAndDecode(bytes, metaOf(file).key);
    if (!result.ok) throw new Error(result.reason);
    const ext = file.split('.').pop() ?? '';
    // zero bytes is PHP's empty session under any handler; the key, not the bytes, says which
    if (bytes.length === 0) expect(result).toEqual({ ok: true, format: 'php', value: {} });
    else if (EXPECTED_FORMAT[ext] !== undefined) expect(result.format).toBe(EXPECTED_FORMAT[ext]);
  });

  it.each(hashes.map((f) => [f.slice(ROOT.length), f] as const))('%s (Spring hash)', (_name, file) => {
    const fields = new Map(
      Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(
        ([k, v]) => [k, Buffer.from(v, 'base64')] as const,
      ),
    );
    const result = decodeSpringHash(fields);
    if (!result.ok) throw new Error(result.reason);
    const value = result.value as Record<string, unknown>;
    expect(typeof value['creationTime']).toBe('number');
    expect(typeof value['maxInactiveInterval']).toBe('number');
    expect(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
      'undecodable',
    );
  });
});
