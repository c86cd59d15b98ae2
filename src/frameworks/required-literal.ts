/** Characters that stand for themselves outside a class; anything else ends a literal run. */
const PLAIN = /[A-Za-z0-9_:\-,=@/ ]/;
const QUANTIFIER = new Set(['*', '+', '?', '{']);

/**
 * The longest literal text every match of `pattern` must contain, read conservatively from its
 * source: only top-level characters outside groups and classes count, a character followed by
 * a quantifier does not, and a top-level `|`, a flag that changes matching (i, u, v, x) or
 * anything unusual gives `''` (which every key contains, so the regex then decides alone).
 *
 * @example
 * requiredLiteral(/^.*:\d+:django\.contrib\.sessions\.(?:cache|cached_db)[a-z0-9]{32}$/) // ':django.contrib.sessions.'
 */
export function requiredLiteral(pattern: RegExp): string {
  if (/[iuv]/.test(pattern.flags)) return '';
  const src = pattern.source;
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) return '';
      i++;
      // only escaped punctuation is a literal; \d, \w, \b, \1 and the like are not
      if (depth === 0 && /[.\-:/\\^$*+?()[\]{}|]/.test(next) && !QUANTIFIER.has(src[i + 1] ?? '')) run += next;
      else end();
      continue;
    }
    if (c === '[') {
      end();
      // skip the class, honouring escapes inside it
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
      continue;
    }
    if (c === '{') {
      // a quantifier's counts are not text
      end();
      for (i++; i < src.length && src[i] !== '}'; i++);
      continue;
    }
    if (c === '(') {
      depth++;
      end();
      continue;
    }
    if (c === ')') {
      depth--;
      end();
      continue;
    }
    if (c === '|') {
      if (depth === 0) return '';
      continue;
    }
    if (depth === 0 && PLAIN.test(c) && !QUANTIFIER.has(src[i + 1] ?? '')) run += c;
    else {
      // a quantified character may be absent, and a quantifier may follow a run's last character
      end();
    }
  }
  end();
  return best;
}
