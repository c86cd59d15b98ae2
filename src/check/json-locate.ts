import type { JsonPath } from './json-path.js';

/**
 * The 1-based line where the value at `path` starts in JSON text that already parsed, found by
 * walking the text itself: two entries with the same literal (a probe and a scan on one store URL)
 * each get their own line. Undefined when the path is not in the document.
 *
 * @example
 * lineOfPath('{\n "scans": [\n  {"store": "redis://x"}\n ]\n}', ['scans', 0, 'store']) // → 3
 */
export function lineOfPath(text: string, path: JsonPath): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readKey = (): string => {
    const start = i;
    skipString();
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Skips one value; when `depth` segments of the path led here and one remains, descends. */
  const value = (depth: number): number | undefined => {
    ws();
    if (depth === path.length) return i;
    const want = path[depth];
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      for (let index = 0; ; index++) {
        ws();
        if (text[i] === close) return void i++;
        if (text[i] === ',') {
          i++;
          ws();
        }
        let here: string | number = index;
        if (c === '{') {
          here = readKey();
          ws();
          i++; // ':'
        }
        const found = value(here === want ? depth + 1 : Infinity);
        if (found !== undefined) return found;
      }
    }
    if (c === '"') skipString();
    else while (i < text.length && !',]}'.includes(text[i]!) && !' \t\n\r'.includes(text[i]!)) i++;
    return undefined;
  };
  const at = value(0);
  return at === undefined ? undefined : text.slice(0, at).split('\n').length;
}
