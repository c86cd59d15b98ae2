/** Width used when the output is not a terminal, or a terminal that does not say. */
export const DEFAULT_WIDTH = 80;

/** The columns of a TTY stream (process.stdout.columns), else 80. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } | undefined): number {
  const cols = stream?.isTTY ? stream.columns : undefined;
  return cols && cols > 0 ? cols : DEFAULT_WIDTH;
}

/**
 * Wraps prose at word boundaries so no line is wider than `width` (a word longer than the width,
 * such as a URL, stays whole on its own line). An option stays on one line with its quoted or URL
 * value (`--layout 'session_{id}'`), so a command read off the screen still pastes. Continuation lines start with
 * `indent`; the first line with `first` (default: `indent`). Plain text only: colour after wrapping.
 *
 * @example
 * wrap('undo with: sessctl restore ./b.ndjson', 20, { indent: '  ' })
 * // '  undo with:\n  sessctl restore\n  ./b.ndjson'
 */
export function wrap(text: string, width: number, options: { indent?: string; first?: string } = {}): string {
  const { indent = '', first = indent } = options;
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = out.length === 0 ? first : indent;
    let bare = true;
    for (const word of words(paragraph)) {
      if (!bare && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent;
        bare = true;
      }
      line += bare ? word : ` ${word}`;
      bare = false;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The paragraph's words, an option glued to the quoted or URL value that follows it. */
function words(paragraph: string): string[] {
  const out: string[] = [];
  const parts = paragraph.split(' ').filter((w) => w !== '');
  for (let i = 0; i < parts.length; i++) {
    let word = parts[i]!;
    const next = parts[i + 1];
    if (/^--[\w-]+$/.test(word) && next !== undefined && /^(['"]|[a-z][a-z0-9+.-]*:\/\/)/i.test(next)) {
      word += ` ${next}`;
      i++;
      // A quoted value with spaces in it: take words up to the closing quote.
      const quote = next[0] === "'" || next[0] === '"' ? next[0] : undefined;
      if (quote && next.indexOf(quote, 1) === -1) {
        while (i + 1 < parts.length) {
          const part = parts[++i]!;
          word += ` ${part}`;
          if (part.includes(quote)) break;
        }
      }
    }
    out.push(word);
  }
  return out;
}

/**
 * `title  rest` with the rest wrapped after the title, continuation lines indented; when the title
 * leaves no room for the rest's first word, the rest starts on the next line. Returns the text
 * after the title, so the caller colours the title and the rest apart.
 */
export function afterTitle(title: string, rest: string, width: number, indent = '  '): string {
  const first = rest.split(' ')[0] ?? '';
  if (title.length + 2 + first.length > width) return `\n${wrap(rest, width, { indent })}`;
  return wrap(rest, width, { first: `${title}  `, indent }).slice(title.length);
}
