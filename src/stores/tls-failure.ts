/** A failed TLS connection said in one line, and the one thing to try. */
export interface TlsFailure {
  reason: string;
  hint: string;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

const TRUST_HINT =
  "give the server's CA certificate with ?cacert=/path/to/ca.pem in the store URL (or NODE_EXTRA_CA_CERTS=/path/to/ca.pem); ?insecure skips verification, for testing only";

/**
 * Recognises the TLS errors of `tls.connect` (OpenSSL verification codes, handshake alerts, a
 * plain-text port) so the user reads what went wrong and how to fix it instead of an OpenSSL code.
 * Anything else is undefined: the caller words it as an ordinary connection failure.
 */
export function describeTlsFailure(err: unknown): TlsFailure | undefined {
  const e = err as { code?: unknown; message?: unknown; reason?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  // OpenSSL errors carry a readable `reason` ("tlsv13 alert certificate required") beside a message
  // of hex codes and source paths.
  const message =
    typeof e?.reason === 'string' && code.startsWith('ERR_SSL_')
      ? e.reason
      : typeof e?.message === 'string'
        ? e.message.split('\n')[0]!
        : '';
  if (UNTRUSTED.has(code)) {
    return {
      reason: `TLS verification failed: the server's certificate is not signed by a CA this client trusts (${message})`,
      hint: TRUST_HINT,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    const detail = typeof e?.reason === 'string' ? e.reason : message;
    return {
      reason: `TLS verification failed: the server's certificate is not for this host (${detail})`,
      hint: 'connect with a host name the certificate lists, or name it with ?sni=NAME in the store URL',
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      reason: `TLS verification failed: ${message}`,
      hint: "renew the server's certificate, or check this machine's clock",
    };
  }
  if (
    code === 'ERR_TLS_HANDSHAKE_TIMEOUT' ||
    /wrong version number|packet length too long|unknown protocol|record layer failure/i.test(message)
  ) {
    return {
      reason: `the server did not answer TLS on this port (${message}; a plain-text port looks like this)`,
      hint: "use redis:// for a plain-text port, or the server's tls-port with rediss://",
    };
  }
  if (/alert certificate required|alert bad certificate|alert unknown ca|alert handshake failure/i.test(message)) {
    return {
      reason: `the server refused the TLS handshake: it wants a client certificate it trusts (${message})`,
      hint: 'give a client certificate and its key with ?cert=/path/client.crt&key=/path/client.key in the store URL',
    };
  }
  if (/^[A-Z][A-Z0-9_]+$/.test(code) && /certificate|verify/i.test(message)) {
    return { reason: `TLS verification failed: ${message}`, hint: TRUST_HINT };
  }
  return undefined;
}
