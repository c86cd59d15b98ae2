import { spawnSync } from 'node:child_process';

export interface JunitCase {
  classname: string;
  name: string;
  failure?: string;
  error?: string;
  skipped?: string;
}

/**
 * Parses JUnit XML with a real XML parser (Python's ElementTree from /usr/bin/python3): a
 * well-formedness error fails the test with the parser's message.
 */
export function parseJunit(xml: string): {
  suites: Array<Record<string, string>>;
  root: Record<string, string>;
  cases: JunitCase[];
} {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
cases = []
for tc in root.iter('testcase'):
    c = {'classname': tc.get('classname'), 'name': tc.get('name')}
    for kind in ('failure', 'error', 'skipped'):
        el = tc.find(kind)
        if el is not None: c[kind] = el.get('message') or ''
    cases.append(c)
print(json.dumps({'root': dict(root.attrib), 'suites': [dict(s.attrib) for s in root.iter('testsuite')], 'cases': cases}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`JUnit XML does not parse: ${r.stderr}`);
  return JSON.parse(r.stdout) as ReturnType<typeof parseJunit>;
}
