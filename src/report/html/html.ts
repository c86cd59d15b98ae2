import { scrub } from '../../redact.js';

/**
 * A fragment of markup that is already safe to put in a page. Only `html` and `raw` make one, so
 * every string that reaches a report went through `escapeHtml` unless a renderer said otherwise.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text (escaped), numbers, fragments, lists of them; nothing for null/false. */
export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an element or a quoted attribute. Keys and payload strings come from whoever writes to
 * the store, so everything is escaped; secrets are scrubbed first, as in every other format (after
 * escaping, a secret holding `&` would no longer match).
 */
export function escapeHtml(text: string): string {
  return scrub(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Markup the renderer wrote itself (CSS, SVG paths): never data. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function part(p: Part): string {
  if (p === null || p === undefined || p === false || p === true) return '';
  if (p instanceof Html) return p.value;
  if (typeof p === 'number') return String(p);
  if (Array.isArray(p)) return (p as readonly Part[]).map(part).join('');
  return escapeHtml(p as string);
}

/** A tagged template that escapes what it interpolates: `html\`<td>${key}</td>\``. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < parts.length; i++) out += part(parts[i]!) + strings[i + 1]!;
  return new Html(out);
}
