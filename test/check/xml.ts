/** A parsed XML element: enough to read JUnit reports in tests. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/**
 * A strict little XML parser for test assertions: it throws on mismatched or unclosed tags, raw `<`
 * or `&` in text, and unknown entities, so a report that a CI system would reject fails the test.
 */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const src = text.replace(/^\uFEFF/, '');
  const skipMisc = () => {
    for (;;) {
      while (/\s/.test(src[i] ?? '')) i++;
      if (src.startsWith('<?', i)) i = src.indexOf('?>', i) + 2;
      else if (src.startsWith('<!--', i)) i = src.indexOf('-->', i) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.-]*)/.exec(src.slice(i));
    if (!open) throw new Error(`expected an element at ${i}`);
    const el: XmlElement = { name: open[1]!, attrs: {}, children: [], text: '' };
    i += open[0].length;
    for (;;) {
      const attr = /^\s+([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(src.slice(i));
      if (!attr) break;
      if (attr[1]! in el.attrs) throw new Error(`duplicate attribute ${attr[1]}`);
      el.attrs[attr[1]!] = decode(attr[2]!);
      i += attr[0].length;
    }
    while (/\s/.test(src[i] ?? '')) i++;
    if (src.startsWith('/>', i)) {
      i += 2;
      return el;
    }
    if (src[i] !== '>') throw new Error(`malformed start tag <${el.name}> at ${i}`);
    i++;
    for (;;) {
      const lt = src.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${el.name}>`);
      const raw = src.slice(i, lt);
      if (/&(?!(#x[0-9a-f]+|#\d+|\w+);)/i.test(raw)) throw new Error(`raw & in text of <${el.name}>`);
      el.text += decode(raw);
      i = lt;
      if (src.startsWith('</', i)) {
        const close = `</${el.name}>`;
        if (!src.startsWith(close, i)) throw new Error(`expected ${close} at ${i}`);
        i += close.length;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        i = src.indexOf('-->', i) + 3;
        continue;
      }
      el.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== src.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/** Every descendant element named `name`. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
