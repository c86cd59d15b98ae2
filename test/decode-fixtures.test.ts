import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpret } from '../src/frameworks/interpret.js';
import type { StoredSession } from '../src/frameworks/types.js';
import { sessctl } from './harness/cli.js';

/**
 * Every committed fixture, whoever wrote it, through `sessctl decode`: the command prints what
 * interpret() (the scan's reading) says, field for field. Both fixture layouts are read:
 * node/<fw>/<scenario>.{bin,json} and <fw>/<variant>/<scenario>.meta.json naming its file.
 */
interface Fixture {
  name: string;
  file: string;
  args: string[];
  input: StoredSession;
}

function collect(dir: string, out: Fixture[] = []): Fixture[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) collect(path, out);
    else if (e.name.endsWith('.meta.json')) {
      const meta = JSON.parse(readFileSync(path, 'utf8')) as {
        file: string;
        key?: string;
        flags?: number;
        store?: string;
      };
      const file = join(dir, meta.file);
      const key = meta.key ? ['--key', meta.key] : [];
      if (meta.file.endsWith('.hash.json')) {
        const fields = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        out.push({
          name: file,
          file,
          args: ['--hash', ...key],
          input: {
            key: meta.key,
            hash: new Map(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
          },
        });
      } else {
        const flags = meta.store === 'memcached' && meta.flags !== undefined ? ['--flags', String(meta.flags)] : [];
        out.push({
          name: file,
          file,
          args: [...key, ...flags],
          input: {
            key: meta.key,
            bytes: readFileSync(file),
            ...(flags.length ? { flags: meta.flags, store: 'memcached' as const } : {}),
          },
        });
      }
    } else if (e.name.endsWith('.bin')) {
      const metaFile = path.replace(/\.bin$/, '.json');
      const meta = existsSync(metaFile)
        ? (JSON.parse(readFileSync(metaFile, 'utf8')) as { key?: string; flags?: number; store?: string })
        : {};
      const flags = meta.store === 'memcached' && meta.flags !== undefined ? ['--flags', String(meta.flags)] : [];
      out.push({
        name: path,
        file: path,
        args: [...(meta.key ? ['--key', meta.key] : []), ...flags],
        input: {
          key: meta.key,
          bytes: readFileSync(path),
          ...(flags.length ? { flags: meta.flags, store: 'memcached' as const } : {}),
        },
      });
    }
  }
  return out;
}

const fixtures = collect('test/fixtures');

describe('sessctl decode on every committed fixture', () => {
  it('finds the fixtures of every framework', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (_name, f) => {
    const r = await sessctl(['--format', 'json', 'decode', f.file, ...f.args]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const m = interpret(f.input);
    expect(out).toMatchObject({
      framework: m.framework,
      format: m.format,
      confidence: m.confidence,
      decoded: m.decoded,
      empty: m.empty,
      anonymous: m.anonymous,
      userKeys: m.userKeys,
    });
    expect(out.createdAt).toBe(m.createdAt === undefined ? null : new Date(m.createdAt).toISOString());
    // a fixture is a real session a real framework wrote: it decodes and is attributed to a framework
    expect(m.decoded, m.reason).toBe(true);
    expect(m.framework).not.toBe('unknown');
  });
});
