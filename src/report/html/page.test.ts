import { describe, expect, it } from 'vitest';
import { html } from './html.js';
import { page } from './page.js';

describe('page', () => {
  const doc = page({ title: 'a <b> title', subtitle: 'sub', body: html`<p>body</p>` });

  it('forbids every fetch and script in its own policy, and carries none', () => {
    expect(doc).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;" />`,
    );
    expect(doc).not.toMatch(/<script|<link|src=|@import|url\(/i);
  });

  it('escapes the title and styles both schemes and print inline', () => {
    expect(doc).toContain('<title>a &lt;b&gt; title</title>');
    expect(doc).toContain('@media (prefers-color-scheme:dark)');
    expect(doc).toContain('@media print');
  });
});
