import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Signs a session id for the wire: `<id>.<base64url HMAC-SHA256(id)>`. With secret rotation the
 * first secret signs and every secret verifies (express-session's contract), so a deploy can add a
 * new secret in front and drop the old one a session lifetime later.
 */
export function sign(id: string, secret: string): string {
  return `${id}.${mac(id, secret)}`;
}

/** The id inside a signed value if any secret verifies it, else undefined. Constant-time per secret. */
export function unsign(value: string, secrets: readonly string[]): string | undefined {
  return new Signer(secrets).verify(value)?.id;
}

/** A verified wire value: the id, and whether only an older secret signed it. */
export interface Verified {
  id: string;
  resign: boolean;
}

/**
 * sign/unsign for one set of secrets, with the keys imported once and the last verified values
 * remembered: a client sends the same cookie on every request, so its HMAC is checked once per
 * process, not once per request. Only values that verified are remembered (a forged value is
 * re-checked every time), and the memory is bounded.
 */
export class Signer {
  readonly #keys: KeyObject[];
  readonly #verified = new Map<string, Verified>();
  readonly #max: number;

  constructor(secrets: readonly string[], max = 10_000) {
    this.#keys = secrets.map((s) => createSecretKey(Buffer.from(s, 'utf8')));
    this.#max = max;
  }

  sign(id: string): string {
    return `${id}.${mac(id, this.#keys[0]!)}`;
  }

  verify(value: string): Verified | undefined {
    const known = this.#verified.get(value);
    if (known) return known;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    let match = -1;
    for (let i = 0; i < this.#keys.length; i++) {
      const expected = Buffer.from(mac(id, this.#keys[i]!));
      // Check every secret, so timing does not reveal which one matched.
      if (expected.length === given.length && timingSafeEqual(expected, given) && match < 0) match = i;
    }
    if (match < 0) return undefined;
    const verified = { id, resign: match > 0 };
    if (this.#verified.size >= this.#max) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(value, verified);
    return verified;
  }
}

function mac(id: string, key: string | KeyObject): string {
  return createHmac('sha256', key).update(id).digest('base64url');
}
