import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';

/**
 * Where JSON text stops being valid, as "what (line L, column C)". Only used after JSON.parse has
 * failed: V8's messages for some errors quote the whole input (multi-line) with no position, and a
 * config error must be one line that says where to look. jsonc-parser finds the spot; comments and
 * trailing commas, which it could allow, are errors here as they are for JSON.parse.
 */
export function jsonSyntaxError(text: string): string {
  let first: { error: ParseError; line: number; column: number } | undefined;
  visit(
    text,
    {
      onError: (error, offset, length, startLine, startCharacter) => {
        // jsonc-parser counts lines and characters from 0.
        first ??= { error: { error, offset, length }, line: startLine + 1, column: startCharacter + 1 };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (!first) return 'invalid JSON';
  return `${what(first.error, text)} (line ${first.line}, column ${first.column})`;
}

function what(error: ParseError, text: string): string {
  const token = text.slice(error.offset, error.offset + error.length);
  const found =
    error.offset >= text.length
      ? 'end of file'
      : JSON.stringify(token.length > 0 && token.length <= 20 ? token : text[error.offset]);
  // By name: ParseErrorCode is a const enum, which isolated modules cannot read.
  switch (printParseErrorCode(error.error)) {
    case 'PropertyNameExpected':
      return `expected a "quoted" key but found ${found}`;
    case 'ColonExpected':
      return `expected ":" but found ${found}`;
    case 'CommaExpected':
      return `expected "," but found ${found}`;
    case 'CloseBraceExpected':
      return `expected "," or "}" but found ${found}`;
    case 'CloseBracketExpected':
      return `expected "," or "]" but found ${found}`;
    case 'EndOfFileExpected':
      return `unexpected ${found} after the end of the document`;
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'unterminated string (a line break inside one must be written \\n)';
    case 'InvalidCharacter':
      return 'unescaped control character in a string';
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return `invalid escape ${found} in a string`;
    default:
      return `unexpected ${found}`;
  }
}
