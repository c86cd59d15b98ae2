import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pickle } from './pickle.js';
import type { DecodedValue } from './types.js';

const PY = '/usr/bin/python3';

/**
 * Real pickles from CPython for every protocol, each with CPython's own JSON view of the value
 * (tuples/sets as lists, bytes as {$bytes: hex}, big ints as {$int: digits}) to compare against.
 */
const ORACLE = String.raw`
import pickle, json, sys, collections, datetime
def norm(v):
    if isinstance(v, bool) or v is None or isinstance(v, float) or isinstance(v, str): return v
    if isinstance(v, int): return v if abs(v) <= 2**53 - 1 else {'$int': str(v)}
    if isinstance(v, (bytes, bytearray)): return {'$bytes': v.hex()}
    if isinstance(v, dict): return {(k if isinstance(k, str) else 'null' if k is None else str(k).lower() if isinstance(k, bool) else str(k)): norm(x) for k, x in v.items()}
    if isinstance(v, (set, frozenset)): return sorted(norm(x) for x in v)
    if isinstance(v, (list, tuple)): return [norm(x) for x in v]
    if isinstance(v, datetime.datetime): return v.isoformat(timespec='microseconds')
    if isinstance(v, datetime.date): return v.isoformat()
    raise TypeError(type(v))
values = {
  'flask-empty': {'_permanent': True},
  'flask-login': {'_permanent': True, '_fresh': True, '_user_id': '42', '_id': 'ab' * 64, 'csrf_token': 'x' * 40},
  'flashes': {'_flashes': [('message', 'Please log in to access this page.')], 'n': None},
  'django': {'_auth_user_id': '1', '_auth_user_backend': 'django.contrib.auth.backends.ModelBackend', '_session_expiry': 3600},
  'scalars': {'i1': 5, 'i2': 300, 'i4': -70000, 'big': 2**70, 'neg': -2**64 - 1, 'ms': 1700000000123, 'l3': 2**23, 'n5': -2**39 - 7, 'l7': 2**55, 'f': 1.5, 'nf': -0.25, 'b': b'\x00\xffraw', 'ba': bytearray(b'xy'), 'u': 'h\u00e9llo \u2603 \U0001F600', 'bs': 'back\\slash\nnl'},
  'containers': {'t': (1, 2, 3), 't1': (1,), 't0': (), 'l': [1, [2, [3, []]]], 's': {3, 1, 2}, 'fs': frozenset([9]), 'e': {}},
  'keys': {1: 'int key', 2.5: 'float key', None: 'none key', True: 'bool key'},
  'ordered': collections.OrderedDict([('b', 1), ('a', 2)]),
  'dates': {'dt': datetime.datetime(2024, 5, 6, 7, 8, 9, 123456), 'd': datetime.date(1999, 12, 31)},
  'shared': (lambda x: {'a': x, 'b': x})(['same']),
  'long-list': list(range(2000)),
}
out = []
for name, v in values.items():
  for proto in range(0, 6):
    out.append({'name': name, 'proto': proto, 'hex': pickle.dumps(v, protocol=proto).hex(), 'expect': norm(v)})
json.dump(out, sys.stdout)
`;

interface Case {
  name: string;
  proto: number;
  hex: string;
  expect: unknown;
}
const cases = JSON.parse(execFileSync(PY, ['-c', ORACLE], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Case[];

/** Our value in the oracle's JSON view. */
export function norm(v: DecodedValue): unknown {
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(norm);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x as DecodedValue)]));
  return v;
}

const sortSets = (name: string, v: unknown): unknown => {
  if (name !== 'containers') return v;
  const o = v as Record<string, unknown[]>;
  return { ...o, s: [...(o['s'] ?? [])].sort(), fs: o['fs'] };
};

describe('pickle: CPython round trips', () => {
  it.each(cases.map((c) => [`${c.name} protocol ${c.proto}`, c] as const))('%s', (_label, c) => {
    const result = pickle.decode(Buffer.from(c.hex, 'hex'));
    if (!result.ok) throw new Error(result.reason);
    expect(sortSets(c.name, norm(result.value))).toEqual(c.expect);
    expect(pickle.sniff(Buffer.from(c.hex, 'hex'))).toBeGreaterThanOrEqual(c.proto >= 2 ? 0.9 : 0.5);
  });

  it('reads Python 2 str (SHORT_BINSTRING, BINSTRING, STRING) as text, or bytes when not UTF-8', () => {
    // what Python 2's pickle.dumps({'_user_id': '42', 'raw': '\xff'}, 2) writes
    const py2 = Buffer.from(
      '\x80\x02}q\x00(U\x08_user_idq\x01U\x0242q\x02U\x03rawq\x03T\x01\x00\x00\x00\xffq\x04u.',
      'latin1',
    );
    expect(pickle.decode(py2)).toEqual({
      ok: true,
      format: 'pickle',
      value: { _user_id: '42', raw: Uint8Array.from([0xff]) },
    });
    const proto0 = Buffer.from("(dp0\nS'_user_id'\np1\nS'42\\n\\x41'\np2\ns.", 'latin1');
    expect(pickle.decode(proto0)).toEqual({ ok: true, format: 'pickle', value: { _user_id: '42\nA' } });
  });

  it('decodes the Flask-Session 0.3 empty session quoted in the research', () => {
    const redis = Buffer.from('\x80\x04\x95\x12\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\n_permanent\x94\x88s.', 'latin1');
    const memcached = Buffer.from('(dp0\nV_permanent\np1\nI01\ns.', 'latin1');
    expect(pickle.decode(redis)).toEqual({ ok: true, format: 'pickle', value: { _permanent: true } });
    expect(pickle.decode(memcached)).toEqual({ ok: true, format: 'pickle', value: { _permanent: true } });
  });
});

const EVIL = String.raw`
import pickle, os, sys
class Evil:
    def __reduce__(self): return (os.system, ('touch /tmp/sessctl-pwned',))
class User:
    def __init__(self): self.name = 'ann'; self.roles = ['admin']
class Slotted(object):
    __slots__ = ('a',)
    def __init__(self): self.a = 1
    def __getstate__(self): return (None, {'a': self.a})
class ListSub(list): pass
class DictSub(dict): pass
v = {'evil': Evil(), 'user': User(), 'slot': Slotted(), 'ls': ListSub([1, 2]), 'ds': DictSub(k='v')}
sys.stdout.write(pickle.dumps(v, protocol=int(sys.argv[1])).hex())
`;

describe('pickle: classes and calls are recorded, never run', () => {
  it.each([0, 1, 2, 3, 4, 5])('protocol %i', (proto) => {
    const hex = execFileSync(PY, ['-c', EVIL, String(proto)], { encoding: 'utf8' });
    const result = pickle.decode(Buffer.from(hex, 'hex'));
    if (!result.ok) throw new Error(result.reason);
    const value = result.value as Record<string, Record<string, unknown>>;
    expect(value['evil']).toEqual({ $opaque: 'posix.system', state: { args: ['touch /tmp/sessctl-pwned'] } });
    expect(value['user']?.['$opaque']).toBe('__main__.User');
    expect(JSON.stringify(value['user']?.['state'])).toContain('"name":"ann"');
    expect(value['slot']?.['$opaque']).toBe('__main__.Slotted');
    expect(JSON.stringify(value['ls'])).toContain('"listitems":[1,2]');
    expect(JSON.stringify(value['ds'])).toContain('"dictitems":{"k":"v"}');
  });

  it('refuses a memo billion-laughs bomb without expanding it', () => {
    // [] then 40 levels of a list holding ten references to the previous level: 10^40 leaves.
    const parts: number[] = [0x80, 0x04, 0x5d, 0x94, 0x30];
    for (let level = 0; level < 40; level++) {
      parts.push(0x28);
      for (let i = 0; i < 10; i++) parts.push(0x68, level);
      parts.push(0x6c, 0x94, 0x30); // LIST, MEMOIZE, POP
    }
    parts.push(0x68, 40, 0x2e);
    const started = performance.now();
    const result = pickle.decode(Uint8Array.from(parts));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/too many elements|nesting/) });
  });

  it('refuses a self-referencing list (a cycle) and huge declared lengths', () => {
    const cycle = Uint8Array.from([0x80, 0x04, 0x5d, 0x94, 0x68, 0x00, 0x61, 0x2e]); // l = []; l.append(l)
    expect(pickle.decode(cycle)).toMatchObject({ ok: false });
    const huge = Uint8Array.from([0x80, 0x04, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x61, 0x2e]);
    expect(pickle.decode(huge)).toMatchObject({ ok: false, reason: expect.stringMatching(/over 4 GiB|truncated/) });
  });
});
