import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signatures of a backup file. Every line ends in `"n":<sequence>,"mac":<hex>`: n counts lines
 * from the header (0), and mac is HMAC-SHA256 over the file's random id and the line without its
 * mac. Each line stands on its own, so a backup cut short by a SIGKILL verifies up to its last
 * whole line and one corrupt line costs only itself; the sequence shows a line removed, moved or
 * repeated, and the id keeps lines of another backup out.
 */
const TAIL = /,"n":(\d{1,15}),"mac":"([0-9a-f]{64})"\}$/;

function mac(key: Buffer, fileId: string, body: string): Buffer {
  return createHmac('sha256', key).update(fileId).update('\n').update(body).digest();
}

/** Signs line objects in order; a resumed file goes on from its last sequence number. */
export class LineSigner {
  constructor(
    private readonly key: Buffer,
    readonly fileId: string,
    public n = -1,
  ) {}

  /** The line's text (no newline), with `n` and `mac` appended as its last fields. */
  sign(line: object): string {
    const body = JSON.stringify({ ...line, n: ++this.n });
    return `${body.slice(0, -1)},"mac":"${mac(this.key, this.fileId, body).toString('hex')}"}`;
  }
}

export type LineCheck =
  { ok: true; n: number; missing: number } | { ok: false; why: 'unsigned' | 'mismatch' | 'out of order' };

/** Checks lines in file order. `fileId` is the header's id (the header is checked against its own). */
export class LineVerifier {
  /** The sequence number of the last line that verified. */
  n = -1;

  constructor(
    private readonly key: Buffer,
    private readonly fileId: string,
  ) {}

  /**
   * `missing`: sequence numbers skipped since the last good line (lines lost or removed; the caller
   * subtracts the corrupt lines it saw in between).
   */
  check(text: string): LineCheck {
    const m = TAIL.exec(text);
    if (!m) return { ok: false, why: 'unsigned' };
    const body = `${text.slice(0, m.index + m[0].indexOf(',"mac"'))}}`;
    if (!timingSafeEqual(mac(this.key, this.fileId, body), Buffer.from(m[2]!, 'hex')))
      return { ok: false, why: 'mismatch' };
    const n = Number(m[1]);
    if (n <= this.n) return { ok: false, why: 'out of order' };
    const missing = n - this.n - 1;
    this.n = n;
    return { ok: true, n, missing };
  }
}

/** Whether a line carries a signature at all (an old, unsigned backup's lines do not). */
export function isSigned(text: string): boolean {
  return TAIL.test(text);
}
