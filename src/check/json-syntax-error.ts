/**
 * Finds where JSON text stops being valid, as "what (line L, column C)". Only used after JSON.parse
 * has failed: V8's messages for some errors quote the whole input (multi-line) with no position,
 * and a config error must be one line that says where to look.
 */
export function jsonSyntaxError(text: string): string {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Located(what, i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describeAt(text, i)}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('unescaped control character in a string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a "quoted" key but found ${describeAt(text, i)}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ":" but found ${describeAt(text, i)}`);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`expected "," or "}" but found ${describeAt(text, i)}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`expected "," or "]" but found ${describeAt(text, i)}`);
      }
    }
    if (c === '"') return string();
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) return void (i += num[0].length);
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail(`unexpected ${describeAt(text, i)}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describeAt(text, i)} after the end of the document`);
    return 'invalid JSON';
  } catch (err) {
    if (!(err instanceof Located)) throw err;
    const before = text.slice(0, err.at);
    const line = before.split('\n').length;
    const column = err.at - before.lastIndexOf('\n');
    return `${err.message} (line ${line}, column ${column})`;
  }
}

class Located extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

function describeAt(text: string, i: number): string {
  return i >= text.length ? 'end of file' : JSON.stringify(text[i]);
}
