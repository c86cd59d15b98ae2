/**
 * Where the docs live: the published package on unpkg, so a link in `--help` or a report matches
 * the installed version's files (package.json "files" ships docs/).
 */
export const DOCS_BASE = 'https://unpkg.com/sessctl/';

/**
 * Where each check's docs entry lives: docs/checks.md, one heading per check id (its lower-case id
 * is the anchor). One scheme for probe and scan ids alike.
 */
export const CHECK_DOCS_BASE = `${DOCS_BASE}docs/checks.md`;

export function docsUrl(id: string): string {
  return `${CHECK_DOCS_BASE}#${id.toLowerCase()}`;
}

/**
 * Each command's reference page, as a path in the package (and an anchor where the page covers
 * two commands). `--help` links it; a test checks every page and anchor exists. A command missing
 * here links the README, which lists every command.
 */
export const COMMAND_DOCS: Readonly<Record<string, string>> = {
  scan: 'docs/scan.md',
  inspect: 'docs/scan.md#sessctl-inspect',
  clean: 'docs/clean.md',
  restore: 'docs/clean.md#sessctl-restore-undo-a-clean',
  decode: 'docs/formats.md#sessctl-decode',
  check: 'docs/check.md',
  probe: 'docs/probe.md',
  demo: 'docs/demo.md',
  watch: 'docs/watch.md',
};

/** The page that documents what every command shares: exit codes, global options, store URLs. */
export const COMMON_DOCS = 'docs/cli.md';

export function commandDocsUrl(command: string): string {
  return `${DOCS_BASE}${COMMAND_DOCS[command] ?? 'README.md'}`;
}
