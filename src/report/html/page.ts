import { VERSION } from '../../version.js';
import { html, raw, type Html, type Part } from './html.js';
import { STYLE } from './style.js';

/**
 * The policy the page itself enforces: nothing is fetched and nothing runs, so a key that slipped
 * past escaping still could not execute or call home. Styles are inline, charts inline SVG.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A whole report: one self-contained document that opens from disk. */
export function page({ title, subtitle, body }: { title: string; subtitle: Part; body: Part }): string {
  const doc: Html = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="generator" content="sessctl ${VERSION}" />
        <title>${title}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <p class="sub">${subtitle}</p>
        </header>
        <main>${body}</main>
        <footer>sessctl ${VERSION} · generated ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}</footer>
      </body>
    </html> `;
  // The templates' indentation is a third of the bytes; a newline renders the same (no <pre> here).
  return doc.value.replace(/\n\s+/g, '\n');
}

/** A figure for the summary strip: a number and what it counts. */
export function fact(value: Part, label: string): Html {
  return html`<div class="fact"><b>${value}</b><span>${label}</span></div>`;
}
