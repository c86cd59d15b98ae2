import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessctl } from '../harness/cli.js';
import { loadFixtures, ROOT } from './non-node.js';

const IDENTITY: Record<string, string> = {
  'flask-session': '_user_id',
  django: '_auth_user_id',
  php: 'user_id',
  laravel: 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d',
  rack: 'warden.user.user.key',
};

/** `sessctl decode FILE --key KEY [--flags N]` on every committed non-Node payload file (Spring's are hashes, not files of bytes). */
describe('sessctl decode on the Python, PHP and Ruby fixtures', () => {
  for (const framework of Object.keys(IDENTITY)) {
    for (const f of loadFixtures(framework)) {
      it(`${framework}/${f.variant}/${f.case}`, async () => {
        const file = join(ROOT, 'test', 'fixtures', framework, f.variant, f.meta.file);
        const flags = f.meta.flags === undefined ? [] : ['--flags', String(f.meta.flags)];
        const { code, stdout } = await sessctl(['decode', file, '--key', f.meta.key, ...flags, '--format', 'json']);
        expect(code).toBe(0);
        const report = JSON.parse(stdout) as { framework: string; state: string; userKeys: string[]; key: string };
        const state = f.case === 'csrf-only' ? 'empty' : f.case;
        expect(report).toMatchObject({
          framework,
          state,
          userKeys: f.case === 'authenticated' ? [IDENTITY[framework]] : [],
        });
        // the session id in the key is a secret: redacted unless --show-values
        expect(report.key).not.toBe(f.meta.key);
      });
    }
  }
});
