/** Thrown inside a decoder only; `guarded` turns it into `{ ok: false, reason }`. */
export class DecodeFailure extends Error {
  override readonly name = 'DecodeFailure';
}

export function fail(reason: string): never {
  throw new DecodeFailure(reason);
}
