/**
 * The anti-CSRF token a login page hands out, as a browser would post it: the value of the form
 * field named `field` (`<input type="hidden" name="csrfmiddlewaretoken" value="…">` in Django,
 * `authenticity_token` in Rails, `_token` in Laravel), else the `csrf-token` meta tag Rails and
 * Laravel layouts carry. Undefined when the page has neither.
 *
 * @example
 * csrfToken('<input type="hidden" name="_token" value="abc">', '_token') // 'abc'
 */
export function csrfToken(html: string, field: string): string | undefined {
  for (const tag of html.matchAll(/<input\b[^>]*>/gi)) {
    const attrs = attributes(tag[0]);
    if (attrs.get('name') === field && attrs.has('value')) return attrs.get('value');
  }
  for (const tag of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(tag[0]);
    if (attrs.get('name')?.toLowerCase() === 'csrf-token' && attrs.has('content')) return attrs.get('content');
  }
  return undefined;
}

/** A tag's attributes, names lowercased, values with the entities a token can hold decoded. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s=<>"'/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g)) {
    out.set(m[1]!.toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(s: string): string {
  return s.replace(
    /&(?:#(\d+)|#x([0-9a-f]+)|(amp|quot|apos|lt|gt));/gi,
    (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
      dec
        ? String.fromCodePoint(Number(dec))
        : hex
          ? String.fromCodePoint(parseInt(hex, 16))
          : ENTITIES[name!.toLowerCase()]!,
  );
}
