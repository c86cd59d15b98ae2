import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_DOCS, COMMON_DOCS, DOCS_BASE, commandDocsUrl } from '../src/docs-url.js';
import { sessctl } from './harness/cli.js';
import { markdownAnchors } from './harness/markdown.js';

describe('sessctl without a command', () => {
  it('prints the full help on stderr with the URL syntax intact, and exits 2', async () => {
    const r = await sessctl([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: sessctl [options] [command]');
    // the help documents credentials in URLs; scrubbing is for errors, not for the help text
    expect(r.stderr).toContain('redis://[user:pass@]host:port[/db]');
    expect(r.stderr).toContain("sessctl scan 'rediss://:secret@cache:6380/0?cacert=/etc/ssl/redis-ca.pem'");
    const help = await sessctl(['--help']);
    expect(help.code).toBe(0);
    expect(r.stderr).toEqual(help.stdout);
    expect((await sessctl(['help'])).code).toBe(0);
  });

  it('still scrubs credentials out of error messages', async () => {
    const r = await sessctl(['scan', 'redis://:hunter22@127.0.0.1:1', '--min-age', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sessctl: option '--min-age <duration>' argument 'soon' is invalid/);
    // commander quotes a bad option argument back
    const bad = await sessctl(['scan', 'memory://x', '--rate', 'redis://:hunter22@127.0.0.1:1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'redis://:***@127.0.0.1:1' is invalid");
    expect(bad.stderr).not.toContain('hunter22');
  });

  it('every error has one prefix, sessctl:, whoever raised it (issue 20 §8)', async () => {
    const parse = await sessctl(['scan', 'memory://x', '--bogus']);
    const ours = await sessctl(['scan', 'redis://127.0.0.1:1']);
    expect(parse.stderr).toMatch(/^sessctl: unknown option '--bogus'/);
    expect(ours.stderr).toMatch(/^sessctl: cannot connect/);
    expect(parse.stderr + ours.stderr).not.toMatch(/^error:/m);
  });

  it('--help shows no "(default: false)" or "(default: [])" noise, in any command', async () => {
    for (const cmd of [
      [],
      ['scan'],
      ['clean'],
      ['restore'],
      ['probe'],
      ['check'],
      ['demo'],
      ['inspect'],
      ['decode'],
      ['watch'],
    ]) {
      const help = await sessctl([...cmd, '--help']);
      expect(help.stdout, cmd.join(' ') || 'sessctl').not.toMatch(/\(default: (false|\[\])\)/);
    }
    expect((await sessctl(['scan', '--help'])).stdout).toContain('(default: 5m)');
  });
});

describe('a run that names its command registers that one alone', () => {
  it('finds the command after global options and their values, even a value spelled like a command', async () => {
    const clean = await sessctl(['clean', '--help']);
    expect(clean.stdout).toContain('Usage: sessctl clean');
    for (const argv of [
      ['--password-file', 'scan', 'clean', '--help'],
      ['--format=json', '--no-color', 'clean', '--help'],
      ['--output', 'json=scan', '--verbose', 'clean', '--help'],
    ])
      expect(await sessctl(argv)).toEqual(clean);
  });

  it('anything else registers every command, so help lists them and a typo gets its suggestion', async () => {
    const help = await sessctl(['--help', 'scan']);
    for (const name of ['scan', 'inspect', 'clean', 'restore', 'watch', 'decode', 'check', 'probe', 'demo'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const typo = await sessctl(['--verbose', 'scna', 'memory://x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(Did you mean scan?)');
  });
});

describe('--help links the docs (issue 15)', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));

  async function listedCommands(): Promise<string[]> {
    const help = (await sessctl(['--help'])).stdout;
    const section = help.slice(help.indexOf('Commands:\n'), help.indexOf('\n\n', help.indexOf('Commands:\n')));
    return [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
  }

  it('each command names its own reference page', async () => {
    const listed = await listedCommands();
    // every page listed is a real command; a command still without a page (a new one) links the README
    expect(listed).toEqual(expect.arrayContaining(Object.keys(COMMAND_DOCS)));
    for (const name of listed) {
      const help = (await sessctl([name, '--help'])).stdout;
      expect(help, name).toContain(`Docs: ${commandDocsUrl(name)}\n`);
    }
    for (const name of ['scan', 'inspect', 'clean', 'restore', 'decode', 'check', 'probe', 'demo', 'watch'])
      expect((await sessctl([name, '--help'])).stdout, name).toContain(`Docs: ${DOCS_BASE}docs/`);
    expect((await sessctl(['--help'])).stdout).toContain(`Docs: ${DOCS_BASE}${COMMON_DOCS} `);
  });

  it('every page and anchor that help links exists, and the package ships it', async () => {
    const files = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] }).files;
    for (const target of [...Object.values(COMMAND_DOCS), COMMON_DOCS]) {
      const [path, anchor] = target.split('#') as [string, string | undefined];
      expect(existsSync(join(root, path)), path).toBe(true);
      expect(
        files.some((f) => path === f || path.startsWith(`${f}/`)),
        `package.json files ships ${path}`,
      ).toBe(true);
      if (anchor) expect(markdownAnchors(readFileSync(join(root, path), 'utf8')), target).toContain(anchor);
    }
  });

  it("every option a command's help lists is documented on its page", async () => {
    const optionsOf = (help: string) => {
      const section = help.slice(help.indexOf('Options:\n'), help.indexOf('\n\n', help.indexOf('Options:\n')));
      return [...section.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');
    };
    const undocumented: string[] = [];
    for (const [name, target] of [...Object.entries(COMMAND_DOCS), ['', COMMON_DOCS] as const]) {
      const page = readFileSync(join(root, target.split('#')[0]!), 'utf8');
      const help = (await sessctl(name ? [name, '--help'] : ['--help'])).stdout;
      for (const option of optionsOf(help))
        if (!page.includes(`\`${option}`)) undocumented.push(`${name || 'sessctl'} ${option}: ${target}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('a command with no page of its own links the README, which lists every command', () => {
    expect(commandDocsUrl('no-such-command')).toBe(`${DOCS_BASE}README.md`);
  });
});
