/**
 * The behaviour table of sessctl/middleware, run against one adapter × every store. Each adapter's
 * test file calls it, so the three adapters run in parallel workers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpret } from '../../src/frameworks/interpret.js';
import { generateSessionId, sign, unsign } from '../../src/middleware/index.js';
import { startApp, type AdapterId, type RunningApp } from './apps.js';
import { call, cookieOf, cookieValue, type Reply } from './client.js';
import { makeStore, STORE_KINDS, type TestStore } from './stores.js';

const NEW = 'n'.repeat(16) + randomBytes(16).toString('hex');
const OLD = 'o'.repeat(16) + randomBytes(16).toString('hex');
const TTL = 60_000;
const TOUCH_AFTER = 6_000;
const PREFLIGHT = {
  origin: 'https://app.example',
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type,x-auth-token',
};

const idOf = (wire: string) => unsign(wire, [NEW, OLD]);
const body = (r: Reply) => r.body as Record<string, unknown>;

export function behaviourSuite(adapter: AdapterId): void {
  describe.each(STORE_KINDS)(`${adapter} × %s`, (kind) => {
    let ts: TestStore;
    let app: RunningApp;
    let url: string;
    const post = (path: string, o: Parameters<typeof call>[3] = {}) => call(url, 'POST', path, o);
    const get = (path: string, o: Parameters<typeof call>[3] = {}) => call(url, 'GET', path, o);
    const newCookieSession = async (q = 'a=1') => {
      const r = await post(`/set?${q}`);
      return { cookie: cookieOf(r)!, id: idOf(cookieValue(r)!)!, reply: r };
    };
    const newTokenSession = async (q = 'a=1') => {
      const r = await post(`/set?${q}`, { headers: { 'x-auth-token': '' } });
      return { token: body(r).token as string, reply: r };
    };

    beforeAll(async () => {
      ts = await makeStore(kind, adapter);
      app = await startApp(adapter, {
        store: ts.store,
        secret: [NEW, OLD],
        ttl: TTL,
        touchAfter: TOUCH_AFTER,
        now: ts.clock.now,
      });
      url = app.url;
    });
    afterAll(async () => {
      await app?.close();
      await ts?.close();
    });

    // First in the table, while this store's prefix is still empty.
    it('a fresh store holds zero keys after any number of preflights and anonymous GETs', async () => {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          i % 2
            ? call(url, 'OPTIONS', '/set?a=1', { headers: PREFLIGHT })
            : Promise.all([get('/anon'), get('/state'), post('/echo-body', { json: { x: i } })]),
        ),
      );
      expect(await ts.keys()).toEqual([]);
      expect(ts.counts).toMatchObject({ get: 0, set: 0, touch: 0, destroy: 0 });
    });

    it('a bare request that sets a value gets a new secure-by-default cookie and one stored key', async () => {
      const before = (await ts.keys()).length;
      const { reply, id } = await newCookieSession();
      expect(reply.status).toBe(200);
      expect(reply.setCookie).toHaveLength(1);
      const attrs = reply.setCookie[0]!.split('; ');
      expect(attrs).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));
      expect(attrs).not.toContain('Secure');
      expect(attrs.some((a) => a.startsWith('Max-Age'))).toBe(false);
      expect(reply.headers['x-auth-token']).toBeUndefined();
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
      expect((await ts.keys()).length).toBe(before + 1);
    });

    it('the cookie brings back the same session, with no new Set-Cookie', async () => {
      const { cookie } = await newCookieSession('a=first');
      const r = await get('/state', { headers: { cookie } });
      expect(body(r)).toMatchObject({ data: { a: 'first' }, transport: 'cookie' });
      expect(r.setCookie).toEqual([]);
    });

    it('distinct clients get distinct sessions', async () => {
      const a = await newCookieSession('who=a');
      const b = await newCookieSession('who=b');
      expect(a.id).not.toBe(b.id);
      expect(body(await get('/state', { headers: { cookie: a.cookie } })).data).toEqual({ who: 'a' });
      expect(body(await get('/state', { headers: { cookie: b.cookie } })).data).toEqual({ who: 'b' });
    });

    it('a token header client gets no cookie; its token comes in the response header and the body', async () => {
      const { token, reply } = await newTokenSession();
      expect(reply.setCookie).toEqual([]);
      expect(reply.headers['x-auth-token']).toBe(token);
      expect(idOf(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const again = await get('/state', { headers: { 'x-auth-token': token } });
      expect(body(again)).toMatchObject({ data: { a: '1' }, transport: 'header' });
      expect(again.setCookie).toEqual([]);
      expect(again.headers['x-auth-token']).toBeUndefined();
    });

    it('a JSON body token client gets no cookie', async () => {
      const r = await post('/set?b=2', { json: { token: null } });
      expect(r.status).toBe(200);
      expect(r.setCookie).toEqual([]);
      expect(typeof body(r).token).toBe('string');
      const again = await post('/incr', { json: { token: body(r).token } });
      expect(again.setCookie).toEqual([]);
      expect(body(again).count).toBe(1);
    });

    it('a JSON token session continues with the header token', async () => {
      const r = await post('/set?c=3', { json: { token: '' } });
      const next = await get('/state', { headers: { 'x-auth-token': body(r).token as string } });
      expect(body(next)).toMatchObject({ data: { c: '3' }, transport: 'header' });
      expect(next.setCookie).toEqual([]);
    });

    it('the same token from two clients is one session; distinct tokens are distinct sessions', async () => {
      const one = await newTokenSession('owner=one');
      const two = await newTokenSession('owner=two');
      expect(one.token).not.toBe(two.token);
      await post('/set?seen=yes', { headers: { 'x-auth-token': one.token } });
      const [fromA, fromB] = await Promise.all([
        get('/state', { headers: { 'x-auth-token': one.token } }),
        post('/echo-body', { json: { token: one.token } }).then(() =>
          get('/state', { headers: { 'x-auth-token': one.token } }),
        ),
      ]);
      expect(body(fromA).data).toEqual({ owner: 'one', seen: 'yes' });
      expect(body(fromB).data).toEqual({ owner: 'one', seen: 'yes' });
      expect(body(await get('/state', { headers: { 'x-auth-token': two.token } })).data).toEqual({ owner: 'two' });
    });

    it('two requests with one token share the session', async () => {
      const { token } = await newTokenSession();
      expect(body(await post('/incr', { headers: { 'x-auth-token': token } })).count).toBe(1);
      expect(body(await post('/incr', { headers: { 'x-auth-token': token } })).count).toBe(2);
    });

    it('preflights and anonymous requests get no id, no Set-Cookie and write nothing; preflights never reach the store', async () => {
      const { cookie } = await newCookieSession();
      const keys = (await ts.keys()).length;
      const gets = ts.counts.get;
      for (let i = 0; i < 10; i++) {
        const pre = await call(url, 'OPTIONS', '/set?a=2', { headers: { ...PREFLIGHT, cookie } });
        expect(pre.setCookie).toEqual([]);
      }
      expect(ts.counts.get).toBe(gets);
      const writes = ts.counts.set + ts.counts.touch + ts.counts.destroy;
      for (let i = 0; i < 10; i++) {
        for (const r of [
          await get('/anon'),
          await get('/state'),
          await call(url, 'OPTIONS', '/state', { headers: PREFLIGHT }),
        ]) {
          expect(r.setCookie).toEqual([]);
          expect(r.headers['x-auth-token']).toBeUndefined();
        }
        expect(body(await get('/state')).id).toBeNull();
      }
      expect(ts.counts.set + ts.counts.touch + ts.counts.destroy).toBe(writes);
      expect((await ts.keys()).length).toBe(keys);
    });

    it('unknown ids are never adopted, by cookie or by token', async () => {
      const chosen = generateSessionId();
      const r = await post('/set?x=1', { headers: { cookie: `sid=${encodeURIComponent(sign(chosen, NEW))}` } });
      const given = idOf(cookieValue(r)!);
      expect(given).toBeDefined();
      expect(given).not.toBe(chosen);
      const t = await post('/set?x=1', { headers: { 'x-auth-token': sign(chosen, NEW) } });
      expect(idOf(body(t).token as string)).not.toBe(chosen);
      expect(t.setCookie).toEqual([]);
      expect(await ts.raw(chosen)).toBeUndefined();
      const garbage = await get('/state', { headers: { 'x-auth-token': 'sessctl-../../etc' } });
      expect(body(garbage).id).toBeNull();
    });

    it('the cookie wins when a cookie and a token are both sent', async () => {
      const c = await newCookieSession('via=cookie');
      const t = await newTokenSession('via=token');
      const r = await get('/state', { headers: { cookie: c.cookie, 'x-auth-token': t.token } });
      expect(body(r)).toMatchObject({ data: { via: 'cookie' }, transport: 'cookie' });
      const p = await post('/set?more=1', { headers: { cookie: c.cookie }, json: { token: t.token } });
      expect(p.setCookie).toEqual([]);
      expect(body(await get('/state', { headers: { cookie: c.cookie } })).data).toEqual({ via: 'cookie', more: '1' });
    });

    it('rolling expiry touches without rewriting, and only once touchAfter has passed', async () => {
      const { cookie, id } = await newCookieSession();
      const bytes = await ts.raw(id);
      const { set, touch } = ts.counts;
      await get('/state', { headers: { cookie } });
      expect(ts.counts.touch).toBe(touch);
      await ts.age(id, TOUCH_AFTER + 2_000, TTL);
      expect(await ts.ttl(id)).toBeLessThan(TTL - TOUCH_AFTER);
      const r = await get('/state', { headers: { cookie } });
      expect(r.setCookie).toEqual([]);
      expect(ts.counts.touch).toBe(touch + 1);
      expect(ts.counts.set).toBe(set);
      expect(await ts.ttl(id)).toBeGreaterThan(TTL - 2_000);
      expect(await ts.raw(id)).toEqual(bytes);
      await get('/state', { headers: { cookie } });
      expect(ts.counts.touch).toBe(touch + 1);
    });

    it('regenerate keeps the data under a new id and deletes the old key', async () => {
      const { cookie, id } = await newCookieSession('keep=me');
      const r = await post('/regenerate', { headers: { cookie } });
      const fresh = idOf(cookieValue(r)!)!;
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(id);
      expect(await ts.raw(id)).toBeUndefined();
      expect(body(await get('/state', { headers: { cookie: cookieOf(r)! } })).data).toEqual({ keep: 'me' });
      expect(body(await get('/state', { headers: { cookie } })).id).toBeNull();
      const t = await newTokenSession('keep=token');
      const rt = await post('/regenerate', { headers: { 'x-auth-token': t.token } });
      expect(rt.setCookie).toEqual([]);
      expect(rt.headers['x-auth-token']).toBe(body(rt).token);
      expect(body(rt).token).not.toBe(t.token);
    });

    it('destroy removes the key and clears the cookie', async () => {
      const { cookie, id } = await newCookieSession();
      const r = await post('/destroy', { headers: { cookie } });
      expect(r.setCookie).toHaveLength(1);
      expect(r.setCookie[0]).toMatch(/^sid=; Path=\/; Max-Age=0;/);
      expect(await ts.raw(id)).toBeUndefined();
      expect(body(await get('/state', { headers: { cookie } })).id).toBeNull();
    });

    it('a session emptied by a change deletes its key', async () => {
      const { cookie, id } = await newCookieSession();
      const r = await post('/clear', { headers: { cookie } });
      expect(r.setCookie[0]).toMatch(/Max-Age=0/);
      expect(await ts.raw(id)).toBeUndefined();
      const t = await newTokenSession();
      const rt = await post('/clear', { headers: { 'x-auth-token': t.token } });
      expect(rt.setCookie).toEqual([]);
      expect(await ts.raw(idOf(t.token)!)).toBeUndefined();
    });

    it('signs with the first secret, verifies every secret, rejects forgeries', async () => {
      const { cookie, id } = await newCookieSession('signed=1');
      expect(cookie).toBe(`sid=${encodeURIComponent(sign(id, NEW))}`);
      const old = `sid=${encodeURIComponent(sign(id, OLD))}`;
      const withOld = await get('/state', { headers: { cookie: old } });
      expect(body(withOld).data).toEqual({ signed: '1' });
      // Re-issued under the current secret, so the old one can be retired.
      expect(cookieOf(withOld)).toBe(cookie);
      expect((await get('/state', { headers: { cookie } })).setCookie).toEqual([]);
      // A token client's old token is re-issued in the token header the same way (issue 21), never as a cookie.
      const t = await newTokenSession('signed=2');
      const tid = idOf(t.token)!;
      const withOldToken = await get('/state', { headers: { 'x-auth-token': sign(tid, OLD) } });
      expect(body(withOldToken).data).toEqual({ signed: '2' });
      expect(withOldToken.headers['x-auth-token']).toBe(sign(tid, NEW));
      expect(withOldToken.setCookie).toEqual([]);
      expect((await get('/state', { headers: { 'x-auth-token': t.token } })).headers['x-auth-token']).toBeUndefined();
      const forged = `sid=${encodeURIComponent(`${id}.${'A'.repeat(43)}`)}`;
      expect(body(await get('/state', { headers: { cookie: forged } })).id).toBeNull();
      expect(body(await get('/state', { headers: { 'x-auth-token': id } })).id).toBeNull();
    });

    it('sets Secure when a trusted proxy says https', async () => {
      const r = await post('/set?a=1', { headers: { 'x-forwarded-proto': 'https' } });
      expect(r.setCookie[0]!.split('; ')).toContain('Secure');
    });

    it('stores sessctl envelopes that the scan classifies exactly', async () => {
      const t0 = Date.now();
      const { id } = await newCookieSession('user=1');
      const bytes = (await ts.raw(id))!;
      expect(JSON.parse(bytes.toString())).toMatchObject({ v: 1, data: { user: '1' } });
      // interpret() is what `sessctl scan` and `sessctl decode` run on every key.
      const meaning = interpret({ key: `sessctl:${id}`, bytes });
      expect(meaning).toMatchObject({ framework: 'sessctl', format: 'json', decoded: true, empty: false });
      expect(meaning.createdAt).toBeGreaterThanOrEqual(t0 - 1000);
      expect(meaning.createdAt).toBeLessThanOrEqual(ts.clock.now() + 1000);
    });

    it('leaves the JSON body readable by the app', async () => {
      const { token } = await newTokenSession();
      const r = await post('/echo-body', { json: { token, hello: 'world' } });
      expect(body(r).body).toEqual({ token, hello: 'world' });
    });
  });
}
