/** A location inside a JSON document: object keys and array indexes from the root. */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * `['scans', 0, 'maxShare', 'never-read']` → `scans[0].maxShare.never-read`: the form people type
 * into jq and read in error messages. Keys that would be ambiguous in that form are quoted.
 */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return 'config';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
