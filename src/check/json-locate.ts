import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { JsonPath } from './json-path.js';

/**
 * The 1-based line where the value at `path` starts in JSON text that already parsed, found in the
 * text's syntax tree: two entries with the same literal (a probe and a scan on one store URL) each
 * get their own line. Undefined when the path is not in the document. Pass the `tree` of `text`
 * when locating many paths, so the text is parsed once.
 *
 * @example
 * lineOfPath('{\n "scans": [\n  {"store": "redis://x"}\n ]\n}', ['scans', 0, 'store']) // → 3
 */
export function lineOfPath(text: string, path: JsonPath, tree: Node | undefined = parseTree(text)): number | undefined {
  const node = tree && findNodeAtLocation(tree, [...path]);
  return node === undefined ? undefined : text.slice(0, node.offset).split('\n').length;
}
