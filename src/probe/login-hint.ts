import type { Exchange } from './http-client.js';

/**
 * The login route an app that makes sessions only at login shows to an anonymous client, as a
 * `--login` recipe to try: a form with a password field, a JSON 401 naming a login path, or a 401
 * with WWW-Authenticate. Read from the responses the probe already has; no request is sent for it.
 * Field values are placeholders: the user fills in real credentials.
 */
export function loginHint(exchanges: readonly Exchange[], target: URL): string | null {
  for (const ex of exchanges) {
    const form = passwordForm(ex.response.body, new URL(ex.request.url));
    if (form) return `the page has a login form: try --login '${form}'`;
  }
  for (const ex of exchanges) {
    if (ex.response.status !== 401 && ex.response.status !== 403) continue;
    const path = loginPath(ex.response.body);
    const auth = [ex.response.headers['www-authenticate'] ?? []].flat()[0];
    if (path)
      return `${ex.request.method} ${pathOf(ex.request.url)} answered ${ex.response.status} naming ${path.method ?? ''}${path.method ? ' ' : ''}${path.path}: try --login '${path.method ?? 'POST'} ${path.path} {"user":"…","password":"…"}'`;
    if (auth) {
      const scheme = auth.split(/\s/)[0]!;
      return `${ex.request.method} ${pathOf(ex.request.url)} answered ${ex.response.status} with WWW-Authenticate: ${scheme}: the app wants credentials; give the probe its login request, e.g. --login 'POST /login {"user":"…","password":"…"}'${/^bearer$/i.test(scheme) ? ' (the token it returns is then sent as --token-header Authorization)' : ''}`;
    }
  }
  void target;
  return null;
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** `POST /login username=…&password=…` from the first form holding a password input. */
function passwordForm(html: string, base: URL): string | null {
  if (!/<input[^>]+type\s*=\s*["']?password/i.test(html)) return null;
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attrs = '', inner = ''] = m;
    if (!/<input[^>]+type\s*=\s*["']?password/i.test(inner)) continue;
    const method = (/\bmethod\s*=\s*["']?(\w+)/i.exec(attrs)?.[1] ?? 'POST').toUpperCase();
    const action = /\baction\s*=\s*["']([^"']*)["']/i.exec(attrs)?.[1] ?? '';
    let path: string;
    try {
      const u = new URL(action || base.pathname, base);
      if (u.origin !== base.origin) continue;
      path = u.pathname + u.search;
    } catch {
      continue;
    }
    const fields = [...inner.matchAll(/<input\b([^>]*)>/gi)].flatMap(([, a = '']) => {
      const name = /\bname\s*=\s*["']?([^"'\s>]+)/i.exec(a)?.[1];
      if (!name) return [];
      const type = (/\btype\s*=\s*["']?(\w+)/i.exec(a)?.[1] ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'button' || type === 'checkbox') return [];
      // A hidden field is most often the CSRF token: the probe reads it from the page itself.
      if (type === 'hidden') return /csrf|token|authenticity/i.test(name) ? [`${name}={csrf}`] : [];
      return [`${name}=…`];
    });
    return `${method === 'GET' ? 'POST' : method} ${path} ${fields.join('&')}`.trim();
  }
  return null;
}

/** A login path a JSON or text error body names: `"login": "/api/login"`, `POST /api/login`, `see /auth/login`. */
function loginPath(body: string): { method?: string; path: string } | null {
  const m = /(?:\b(POST|PUT)\s+)?(\/[\w./-]*(?:log-?in|sign-?in|session|auth)[\w./-]*)/i.exec(body.slice(0, 4096));
  if (!m) return null;
  return { ...(m[1] ? { method: m[1].toUpperCase() } : {}), path: m[2]! };
}
