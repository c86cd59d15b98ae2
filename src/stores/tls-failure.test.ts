import { describe, expect, it } from 'vitest';
import { describeTlsFailure } from './tls-failure.js';

const err = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('describeTlsFailure', () => {
  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ])('%s is an untrusted certificate: give the CA', (code) => {
    const f = describeTlsFailure(err(code, 'some openssl words'));
    expect(f?.reason).toBe(
      "TLS verification failed: the server's certificate is not signed by a CA this client trusts (some openssl words)",
    );
    expect(f?.hint).toMatch(/\?cacert=\/path\/to\/ca\.pem .*NODE_EXTRA_CA_CERTS.*\?insecure/);
  });

  it('a name mismatch points at ?sni=, quoting Node’s reason', () => {
    const f = describeTlsFailure(
      err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: x", {
        reason: "Host: a.b. is not in the cert's altnames: DNS:localhost",
      }),
    );
    expect(f?.reason).toBe(
      "TLS verification failed: the server's certificate is not for this host (Host: a.b. is not in the cert's altnames: DNS:localhost)",
    );
    expect(f?.hint).toMatch(/\?sni=NAME/);
  });

  it('OpenSSL errors are worded by their reason, not their hex-and-path message', () => {
    const f = describeTlsFailure(
      err(
        'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        '80:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/rec_layer_s3.c:1601:\n',
        { reason: 'tlsv13 alert certificate required' },
      ),
    );
    expect(f?.reason).toBe(
      'the server refused the TLS handshake: it wants a client certificate it trusts (tlsv13 alert certificate required)',
    );
    expect(f?.hint).toMatch(/\?cert=.*&key=/);
    expect(
      describeTlsFailure(err('ERR_SSL_WRONG_VERSION_NUMBER', 'x', { reason: 'wrong version number' }))?.reason,
    ).toMatch(/did not answer TLS on this port \(wrong version number;/);
  });

  it('expired certificates and anything not TLS', () => {
    expect(describeTlsFailure(err('CERT_HAS_EXPIRED', 'certificate has expired'))?.hint).toMatch(/renew/);
    expect(describeTlsFailure(err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBeUndefined();
    expect(describeTlsFailure(new Error('timed out after 5000 ms'))).toBeUndefined();
    expect(describeTlsFailure(undefined)).toBeUndefined();
  });
});
