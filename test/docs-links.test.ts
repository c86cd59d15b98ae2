import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { markdownAnchors, markdownLinks } from './harness/markdown.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('README and docs/ (issue 15)', () => {
  it('every relative link points at a file that exists, and every #anchor at a heading in it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const from = join(root, page);
      for (const link of markdownLinks(readFileSync(from, 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? from : join(dirname(from), path);
        if (!existsSync(target)) broken.push(`${page}: ${link} (no ${relative(root, target)})`);
        else if (anchor && target.endsWith('.md') && !markdownAnchors(readFileSync(target, 'utf8')).includes(anchor))
          broken.push(`${page}: ${link} (no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repository path the docs name in code spans exists (src/, test/, bench/, scripts/, …)', () => {
    const missing: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8');
      for (const m of text.matchAll(/`((?:src|test|bench|scripts|examples|schema|docs|\.ci)\/[^`\s*<]*)`/g)) {
        const path = m[1]!.replace(/[.,;:]+$/, '');
        if (!existsSync(join(root, path))) missing.push(`${page}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the README stays a five-minute read: at most 16 kB', () => {
    expect(readFileSync(join(root, 'README.md')).length).toBeLessThanOrEqual(16_000);
  });
});
