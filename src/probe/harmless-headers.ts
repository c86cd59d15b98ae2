/**
 * Headers whose values say how HTTP, caching, CORS and content work, never who the client is: the
 * only ones a saved HAR or a finding's evidence shows as they were (with known secrets still masked).
 * Every other header is redacted whole, since an unknown header (`X-Api-Key`, `X-Tenant-Secret`) may
 * be a credential; allow-list, unknown means redacted (aesthetics §8.9).
 */
const HARMLESS: ReadonlySet<string> = new Set([
  // request
  'accept',
  'accept-encoding',
  'accept-language',
  'access-control-request-headers',
  'access-control-request-method',
  'content-length',
  'content-type',
  'dnt',
  'host',
  'if-modified-since',
  'if-none-match',
  'origin',
  'priority',
  'referer',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-fetch-user',
  'te',
  'upgrade-insecure-requests',
  'user-agent',
  'x-requested-with',
  // both
  'cache-control',
  'connection',
  'keep-alive',
  'pragma',
  'transfer-encoding',
  // response
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-allow-private-network',
  'access-control-expose-headers',
  'access-control-max-age',
  'age',
  'allow',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-security-policy',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'date',
  'etag',
  'expires',
  'last-modified',
  'location',
  'permissions-policy',
  'referrer-policy',
  'retry-after',
  'server',
  'strict-transport-security',
  'vary',
  'www-authenticate',
  'x-content-type-options',
  'x-frame-options',
  'x-powered-by',
  'x-xss-protection',
]);

/** `name` lower-cased. */
export function isHarmlessHeader(name: string): boolean {
  return HARMLESS.has(name);
}
