import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { redactValue } from '../redact.js';

/** A request the probe is told to send (--logout, --login): a method, a same-origin URL, maybe a body. */
export interface RequestRecipe {
  method: string;
  url: URL;
  /** The body as sent (--login only): JSON text, or a URL-encoded form. */
  body?: string;
  /** The body's media type. */
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** A form's field whose value is `{csrf}`: the token is read from a GET of the same URL before each send. */
  csrfField?: string;
  /** The body with every string value replaced by `<redacted …>`: what reports and HAR files show. */
  redactedBody?: string;
  /** Every string value in the body: all are treated as secrets (a password, a user name, an OTP). */
  secrets: string[];
}
export type LogoutRecipe = RequestRecipe;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const LOCATION = /^(?:\/|https?:\/\/)/i;

/**
 * `[METHOD] PATH-OR-URL [BODY]`, e.g. `POST /logout`, `/auth/logout`,
 * `POST /login {"user":"demo","password":"demo"}` or `POST /login user=demo&password=demo` (a body
 * that starts with `{` or `[` is JSON, else a URL-encoded form; `@file` reads it from a file).
 * The method defaults to POST (requests that change state should not be GETs); a path resolves
 * against the probed URL and an absolute URL must share its origin, so the probe never sends the
 * session or the credentials anywhere else. A body is allowed only with `body: true` (--login).
 * Returns why the text is not a recipe, or the recipe.
 */
export function readRecipe(
  text: string,
  base: URL,
  options: { body?: boolean } = {},
): RequestRecipe | { problem: string } {
  const usage = options.body
    ? 'use [METHOD] PATH [BODY], e.g. \'POST /login {"user":"demo","password":"demo"}\' or \'POST /login user=demo&password=demo\''
    : 'use [METHOD] PATH, e.g. "POST /logout"';
  const [first, tail] = splitFirst(text.trim());
  if (!first) return { problem: usage };
  const [second, rest] = splitFirst(tail);
  const hasMethod = !LOCATION.test(first) && second !== '';
  const method = hasMethod ? first.toUpperCase() : 'POST';
  const where = hasMethod ? second : first;
  const bodyText = (hasMethod ? rest : tail) || undefined;
  if (bodyText !== undefined && !options.body) return { problem: usage };
  if (!(METHODS as readonly string[]).includes(method))
    return { problem: `unsupported method ${first}: use ${METHODS.join(', ')}` };
  if (!LOCATION.test(where))
    return { problem: `${where} is neither a path (${options.body ? '/login' : '/logout'}) nor an http(s) URL` };
  let url: URL;
  try {
    url = new URL(where, base);
  } catch {
    return { problem: `${where} is not a valid URL` };
  }
  if (url.origin !== base.origin) return { problem: `${url.origin} is not the probed origin ${base.origin}` };
  if (bodyText === undefined) return { method, url, secrets: [] };
  if (method === 'GET') return { problem: 'a GET request carries no body: use POST (the default)' };
  const body = readBody(bodyText);
  return 'problem' in body ? body : { method, url, ...body };
}

type Body = Required<Pick<RequestRecipe, 'body' | 'redactedBody' | 'contentType' | 'secrets'>> &
  Pick<RequestRecipe, 'csrfField'>;

function readBody(text: string): Body | { problem: string } {
  let raw = text;
  if (text.startsWith('@')) {
    try {
      raw = readFileSync(text.slice(1), 'utf8');
    } catch (err) {
      return {
        problem: `cannot read the body file ${text.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      };
    }
  }
  // The text may hold a password: problems say where it is wrong, never what it says.
  const where = text.startsWith('@') ? `in ${text.slice(1)} ` : '';
  raw = raw.trim();
  if (raw.startsWith('{') || raw.startsWith('['))
    return jsonBody(raw) ?? { problem: `the body ${where}is not valid JSON` };
  return (
    formBody(raw) ?? { problem: `the body ${where}is neither JSON nor a URL-encoded form (name=value&name=value)` }
  );
}

function jsonBody(raw: string): Body | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const secrets: string[] = [];
  const redacted = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'string') return v;
    secrets.push(v);
    return redactValue(v);
  });
  return {
    body: JSON.stringify(value),
    redactedBody: redacted,
    contentType: 'application/json',
    secrets: secrets.filter((s) => s !== ''),
  };
}

/** A login form as a browser posts it: every value (not the names) is a secret. */
const FORM = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;
/** The value that stands for the login page's anti-CSRF token. */
export const CSRF_PLACEHOLDER = '{csrf}';

function formBody(raw: string): Body | undefined {
  if (!FORM.test(raw)) return undefined;
  const fields = [...new URLSearchParams(raw)];
  const csrfField = fields.find(([, v]) => v === CSRF_PLACEHOLDER)?.[0];
  return {
    body: new URLSearchParams(fields).toString(),
    redactedBody: redactForm(fields),
    contentType: 'application/x-www-form-urlencoded',
    secrets: fields.map(([, v]) => v).filter((v) => v !== '' && v !== CSRF_PLACEHOLDER),
    ...(csrfField === undefined ? {} : { csrfField }),
  };
}

/** The form with `token` in the `{csrf}` field: what is sent, and what outputs show. */
export function withCsrfToken(recipe: RequestRecipe, token: string): { body: string; redactedBody: string } {
  const fields = [...new URLSearchParams(recipe.body)].map(([name, v]): [string, string] => [
    name,
    name === recipe.csrfField && v === CSRF_PLACEHOLDER ? token : v,
  ]);
  return { body: new URLSearchParams(fields).toString(), redactedBody: redactForm(fields) };
}

function redactForm(fields: ReadonlyArray<[string, string]>): string {
  return new URLSearchParams(
    fields.map(([name, v]): [string, string] => [name, v === '' || v === CSRF_PLACEHOLDER ? v : redactValue(v)]),
  ).toString();
}

/** The recipe or a one-line usage error naming the flag; the echoed text never includes a body. */
export function parseRecipe(text: string, base: URL, flag: '--logout' | '--login'): RequestRecipe {
  const r = readRecipe(text, base, { body: flag === '--login' });
  if ('problem' in r)
    throw new UsageError(`invalid ${flag} "${flag === '--login' ? withoutBody(text) : text}": ${r.problem}`);
  return r;
}

export function parseLogoutRecipe(text: string, base: URL): RequestRecipe {
  return parseRecipe(text, base, '--logout');
}

export function readLogoutRecipe(text: string, base: URL): RequestRecipe | { problem: string } {
  return readRecipe(text, base);
}

/** `POST /login …`: the method and path as typed, the body elided (it holds credentials). */
export function withoutBody(text: string): string {
  const [first, tail] = splitFirst(text.trim());
  if (LOCATION.test(first)) return tail ? `${first} …` : first;
  const [second, rest] = splitFirst(tail);
  return `${first}${second ? ` ${second}` : ''}${rest ? ' …' : ''}`;
}

/** The first whitespace-separated word and the rest as typed (a JSON body keeps its spaces). */
function splitFirst(text: string): [string, string] {
  const m = /^(\S*)\s*([\s\S]*)$/.exec(text)!;
  return [m[1]!, m[2]!.trim()];
}

export function formatRecipe(r: RequestRecipe): string {
  return `${r.method} ${r.url.pathname}${r.url.search}`;
}
