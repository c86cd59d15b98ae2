import { describe, expect, it } from 'vitest';
import { scrub } from '../redact.js';
import { parseStoreUrl, redactStoreUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it('parses redis with user, password and db', () => {
    const u = parseStoreUrl('redis://app:s3cret@cache.local:6380/2');
    expect(u).toMatchObject({
      kind: 'redis',
      tls: false,
      node: { host: 'cache.local', port: 6380 },
      db: 2,
      username: 'app',
      password: 's3cret',
    });
    expect(u.redacted).toBe('redis://app:***@cache.local:6380/2');
  });

  it('treats valkey:// as redis:// and rediss:// as TLS, with default ports', () => {
    expect(parseStoreUrl('valkey://h')).toMatchObject({ kind: 'redis', node: { host: 'h', port: 6379 }, tls: false });
    expect(parseStoreUrl('rediss://h:1')).toMatchObject({ kind: 'redis', tls: {} });
    expect(parseStoreUrl('valkeys://h')).toMatchObject({ kind: 'redis', tls: {} });
    expect(parseStoreUrl('rediss+cluster://a:1,b:2')).toMatchObject({ kind: 'redis-cluster', tls: {} });
    expect(parseStoreUrl('rediss+sentinel://s1/m')).toMatchObject({ kind: 'redis-sentinel', tls: {} });
  });

  it('parses cluster, sentinel, memcached pools and memory', () => {
    expect(parseStoreUrl('redis+cluster://a:7000,b:7001')).toMatchObject({
      kind: 'redis-cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
    });
    expect(parseStoreUrl('redis+sentinel://s1,s2:26380/mymaster/3')).toMatchObject({
      kind: 'redis-sentinel',
      masterName: 'mymaster',
      db: 3,
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
    });
    expect(parseStoreUrl('memcached://m1,m2:11212')).toMatchObject({
      kind: 'memcached',
      servers: [
        { host: 'm1', port: 11211 },
        { host: 'm2', port: 11212 },
      ],
    });
    expect(parseStoreUrl('memory://demo')).toMatchObject({ kind: 'memory', name: 'demo' });
    expect(parseStoreUrl('redis://[::1]:7000')).toMatchObject({ node: { host: '::1', port: 7000 } });
  });

  it('takes an RDB dump as rdb:///abs/path or as a path', () => {
    expect(parseStoreUrl('rdb:///var/lib/redis/dump.rdb')).toEqual({
      kind: 'rdb',
      path: '/var/lib/redis/dump.rdb',
      redacted: 'rdb:///var/lib/redis/dump.rdb',
    });
    expect(parseStoreUrl('rdb:///tmp/a%20b.rdb.gz')).toMatchObject({ kind: 'rdb', path: '/tmp/a b.rdb.gz' });
    expect(parseStoreUrl('./dump.rdb')).toMatchObject({ kind: 'rdb', path: `${process.cwd()}/dump.rdb` });
    expect(parseStoreUrl('backups/dump.rdb.gz')).toMatchObject({
      kind: 'rdb',
      path: `${process.cwd()}/backups/dump.rdb.gz`,
    });
    // An existing file of any name is a dump; a name that is neither stays a missing scheme.
    expect(parseStoreUrl('package.json')).toMatchObject({ kind: 'rdb', path: `${process.cwd()}/package.json` });
    expect(() => parseStoreUrl('cache')).toThrow(/missing "scheme:\/\/"/);
    expect(() => parseStoreUrl('rdb://host/dump.rdb')).toThrow(/rdb:\/\/\/absolute\/path/);
  });

  it.each([
    ['foo://x', /unsupported store URL scheme "foo:\/\/"/],
    ['localhost:6379', /missing "scheme:\/\/"/],
    ['redis://h:99999', /invalid port "99999"/],
    ['redis://h/x', /invalid database "x"/],
    ['redis://a,b', /takes one host/],
    ['redis+sentinel://s1', /needs the master name/],
    ['redis://h?tls=1', /redis:\/\/ takes no parameters: TLS options .* need a TLS scheme such as rediss:\/\//],
    ['redis://h?cacert=/ca.pem', /need a TLS scheme/],
    ['memcached://h?cacert=/ca.pem', /takes no parameters/],
    ['rediss://h?tls=1', /unknown store URL parameter "tls": use cacert, cert, key, insecure, sni/],
    ['rediss://h?cacert=/a&cacert=/b', /"cacert" given twice/],
    ['rediss://h?cacert=', /"cacert" needs a value/],
    ['rediss://h?cert=/c.pem', /"cert" and "key" go together/],
    ['rediss://h?insecure=maybe', /"insecure" takes no value/],
    ['rediss://h#x', /fragment/],
    ['rediss://:pa?ss@h', /"@" after "\?"/],
    ['memcached://u:p@h', /no credentials/],
  ])('rejects %s with one line naming the problem', (input, message) => {
    expect(() => parseStoreUrl(input)).toThrow(message);
    try {
      parseStoreUrl(input);
    } catch (err) {
      expect((err as { code: string }).code).toBe('SESSCTL_STORE_URL');
      expect((err as Error).message).not.toContain('\n');
      // the hint must survive the output scrubber intact (it once showed "user:***@")
      const hint = (err as { hint?: string }).hint ?? '';
      expect(scrub(hint)).toBe(hint);
    }
  });

  it('takes TLS options as query parameters named like redis-cli flags, and shows them in the redacted URL', () => {
    const u = parseStoreUrl(
      'rediss://app:pw@cache:6380/2?cacert=/etc/ssl/ca%20dir/ca.pem&cert=c.pem&key=k.pem&sni=redis.internal&insecure',
    );
    expect(u).toMatchObject({
      kind: 'redis',
      db: 2,
      node: { host: 'cache', port: 6380 },
      tls: { cacert: '/etc/ssl/ca dir/ca.pem', cert: 'c.pem', key: 'k.pem', sni: 'redis.internal', insecure: true },
    });
    expect(u.redacted).toBe(
      'rediss://app:***@cache:6380/2?cacert=/etc/ssl/ca%20dir/ca.pem&cert=c.pem&key=k.pem&sni=redis.internal&insecure',
    );
    expect(parseStoreUrl(u.redacted.replace('***', 'pw'))).toEqual(u);
    expect(parseStoreUrl('rediss://h?insecure=false')).toHaveProperty('tls', {});
    expect(parseStoreUrl('rediss+cluster://a:1,b:2?cacert=/ca.pem').redacted).toBe(
      'rediss+cluster://a:1,b:2?cacert=/ca.pem',
    );
    expect(parseStoreUrl('rediss+sentinel://s1/mymaster/1?insecure')).toMatchObject({
      masterName: 'mymaster',
      db: 1,
      tls: { insecure: true },
    });
    expect(parseStoreUrl('valkeys://h/?cacert=%2Fa%26b.pem')).toMatchObject({
      tls: { cacert: '/a&b.pem' },
      redacted: 'valkeys://h:6379?cacert=/a%26b.pem',
    });
  });

  it('never leaves the password in redacted text or scrubbed errors', () => {
    const url = 'redis://admin:hunter2pw@h:1/0';
    expect(redactStoreUrl(url)).not.toContain('hunter2pw');
    parseStoreUrl(url);
    expect(scrub(`ERR something mentions hunter2pw and ${url}`)).not.toContain('hunter2pw');
    expect(redactStoreUrl('redis://:pw%40x@h')).toBe('redis://:***@h:6379');
  });
});
