/** `session_{md5(token)}` → `session_{id}`: the scan's --layout names whatever follows the prefix `{id}`. */
export function scanLayout(template: string): string {
  return template.replace(/\{(?:(?:md5|sha1|sha256)\((?:id|token)\)|id|token)\}/g, '{id}');
}
