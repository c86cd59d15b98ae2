/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests: it throws on
 * anything a Prometheus server would reject or that the format forbids (a sample before its
 * TYPE, a family split in two, a duplicate series, a bad name, label or value, a bad escape).
 */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string | undefined;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheus(text: string): Map<string, PromFamily> {
  if (text.length && !text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  const families = new Map<string, PromFamily>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: PromFamily | undefined;
  const family = (name: string): PromFamily => {
    if (current?.name === name) return current;
    if (closed.has(name) || families.has(name)) throw new Error(`family ${name} is split`);
    if (current) closed.add(current.name);
    current = { name, type: 'untyped', help: undefined, samples: [] };
    families.set(name, current);
    return current;
  };
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      const f = family(name);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`second HELP, ${where}`);
        f.help = unescape(rest, false, where);
      } else {
        if (!TYPES.has(rest)) throw new Error(`bad type, ${where}`);
        if (f.samples.length) throw new Error(`TYPE after samples, ${where}`);
        f.type = rest as PromFamily['type'];
      }
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
    if (!m) throw new Error(`bad sample, ${where}`);
    const name = m[1]!;
    const f = family(name);
    const labels = m[2] ? parseLabels(m[3]!, where) : {};
    const value = parseValue(m[4]!, where);
    if (f.type === 'counter' && (value < 0 || Number.isNaN(value))) throw new Error(`counter below 0, ${where}`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(key)) throw new Error(`duplicate series, ${where}`);
    series.add(key);
    f.samples.push({ name, labels, value });
  });
  return families;
}

function parseLabels(s: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels, ${where}`);
    const name = s.slice(i, eq);
    if (!LABEL.test(name) || name.startsWith('__')) throw new Error(`bad label name ${name}, ${where}`);
    if (name in out) throw new Error(`duplicate label ${name}, ${where}`);
    if (s[eq + 1] !== '"') throw new Error(`unquoted label value, ${where}`);
    let j = eq + 2;
    let raw = '';
    for (; j < s.length && s[j] !== '"'; j++) {
      if (s[j] === '\\') {
        raw += s[j]! + (s[j + 1] ?? '');
        j++;
      } else raw += s[j];
    }
    if (j >= s.length) throw new Error(`unterminated label value, ${where}`);
    out[name] = unescape(raw, true, where);
    i = j + 1;
    if (i < s.length) {
      if (s[i] !== ',') throw new Error(`expected , between labels, ${where}`);
      i++;
    }
  }
  return out;
}

function unescape(s: string, quotes: boolean, where: string): string {
  return s.replace(/\\(.?)/g, (_, c: string) => {
    if (c === 'n') return '\n';
    if (c === '\\') return '\\';
    if (c === '"' && quotes) return '"';
    throw new Error(`bad escape \\${c}, ${where}`);
  });
}

function parseValue(v: string, where: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw new Error(`bad value, ${where}`);
  return Number(v);
}

/** The value of one series, or undefined. */
export function sampleValue(
  families: Map<string, PromFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const f = families.get(name);
  return f?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
