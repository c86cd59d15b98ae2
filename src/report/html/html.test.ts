import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../redact.js';
import { escapeHtml, html, raw } from './html.js';

describe('html', () => {
  it('escapes interpolated text, so a key cannot open a tag or leave an attribute', () => {
    const key = `<script>alert(1)</script>" onload="x'`;
    expect(html`<td title="${key}">${key}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x&#39;">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x&#39;</td>',
    );
  });

  it('keeps fragments, joins lists and drops null, undefined and booleans', () => {
    const items = ['a&b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(
      html`<ul>
        ${items}${null}${undefined}${false}${3}${raw('<hr>')}
      </ul>`.value.replace(/>\s+</g, '><'),
    ).toBe('<ul><li>a&amp;b</li><li>c</li>3<hr></ul>');
  });

  it('scrubs registered secrets and URL passwords before escaping', () => {
    registerSecret('s3cr&t-html-test');
    expect(escapeHtml('redis://:hunter2@cache:6379 token s3cr&t-html-test')).toBe('redis://:***@cache:6379 token ***');
  });
});
