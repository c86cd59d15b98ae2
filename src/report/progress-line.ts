import { terminalWidth } from './wrap.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * One status line rewritten in place on a terminal. It is cut to one column less than the
 * terminal's width: a line that wraps can no longer be rewritten, and each update floods a new row.
 */
export function progressLine(stream: Stream) {
  let shown = false;
  return {
    show(text: string): void {
      stream.write(`\r\x1b[2K${fit(text, terminalWidth(stream) - 1)}`);
      shown = true;
    },
    clear(): void {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** `text`, cut with an ellipsis to at most `width` characters. */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
