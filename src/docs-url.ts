/**
 * Where each check's docs entry lives: docs/checks.md in the published package, one heading per
 * check id (its lower-case id is the anchor). One scheme for probe and scan ids alike.
 */
export const CHECK_DOCS_BASE = 'https://unpkg.com/sessctl/docs/checks.md';

export function docsUrl(id: string): string {
  return `${CHECK_DOCS_BASE}#${id.toLowerCase()}`;
}
