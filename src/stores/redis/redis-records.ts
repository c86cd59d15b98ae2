import { SessctlError } from '../../errors.js';
import { RespError, type RespReply } from './resp-parser.js';
import type { RespConnection, RoundTrip } from './resp-connection.js';
import { bulkKeys, encodeKeyCommands, encodeVariadic, keyCommand } from './resp-key-pipeline.js';
import type { RawRecord } from '../types.js';

const PTTL = keyCommand(['PTTL']);
const IDLETIME = keyCommand(['OBJECT', 'IDLETIME']);
const WITH_VALUES = [PTTL, IDLETIME, keyCommand(['GET'])];
const WITHOUT_VALUES = [PTTL, IDLETIME, keyCommand(['MEMORY', 'USAGE'], ['SAMPLES', '0'])];
const METADATA = [PTTL, IDLETIME];
/** Connections whose ACL user may GET but not MGET. */
const NO_MGET = new WeakSet<RespConnection>();

/**
 * Reads what the scan needs about `keys` in one pipeline, metadata first: for each key PTTL and
 * OBJECT IDLETIME go out before anything that could touch it (GET), so idle time is the value from
 * before the scan even on servers without CLIENT NO-TOUCH. Hashes (Spring Session) answer GET
 * with WRONGTYPE and are read with HGETALL in a second, small pipeline. Keys gone meanwhile are
 * dropped.
 */
export async function fetchRedisRecords(
  conn: RespConnection,
  keys: Buffer[],
  options: { values: boolean; noTouch: boolean; multiKey?: boolean; timing?: RoundTrip },
): Promise<RawRecord[]> {
  if (!keys.length) return [];
  // With payloads on a server that takes multi-key commands (not a cluster node: one SCAN batch
  // spans many slots), one MGET after every key's PTTL and IDLETIME replaces a GET per key: a
  // command dispatch per key is a third of what the server spends on the scan.
  const mget = options.values && options.multiKey === true && !NO_MGET.has(conn);
  const perKey = mget ? 2 : 3;
  // MEMORY USAGE never touches; with --no-values it is the only size we can get without touching.
  const bulks = bulkKeys(keys);
  const encoded = mget
    ? encodeKeyCommands(METADATA, bulks) + encodeVariadic('MGET', bulks)
    : encodeKeyCommands(options.values ? WITH_VALUES : WITHOUT_VALUES, bulks);
  const replies = await conn.send(encoded, mget ? keys.length * 2 + 1 : keys.length * 3, options.timing);
  const mgetReply = mget ? replies[keys.length * 2] : undefined;
  if (mgetReply instanceof RespError) {
    // An ACL that allows GET but not MGET: a GET per key, from now on, on this connection.
    if (mgetReply.message.startsWith('NOPERM')) {
      NO_MGET.add(conn);
      return fetchRedisRecords(conn, keys, options);
    }
    throw new SessctlError('SESSCTL_STORE_ERROR', `${conn.id}: ${mgetReply.message}`);
  }
  const out: RawRecord[] = [];
  const others: RawRecord[] = [];
  for (let i = 0; i < keys.length; i++) {
    const pttl = replies[i * perKey];
    // An error here (CLUSTERDOWN, NOPERM, LOADING) is the node's, not the key's: never a silent gap.
    if (pttl instanceof RespError) throw new SessctlError('SESSCTL_STORE_ERROR', `${conn.id}: ${pttl.message}`);
    if (pttl === -2 || typeof pttl !== 'number') continue;
    const idle = replies[i * perKey + 1];
    const third = mget ? (mgetReply as RespReply[])[i] : replies[i * 3 + 2];
    const rec: RawRecord = {
      node: conn.id,
      key: keys[i]!,
      type: 'string',
      ttlMs: pttl === -1 ? null : pttl,
      idleS: typeof idle === 'number' ? idle : undefined,
      bytes: 0,
    };
    if (!options.values) {
      rec.type = 'other';
      rec.bytes = typeof third === 'number' ? third : 0;
    } else if (Buffer.isBuffer(third)) {
      rec.value = third;
      rec.bytes = third.length;
    } else if ((third instanceof RespError && third.message.startsWith('WRONGTYPE')) || (mget && third === null)) {
      // MGET answers nil for a hash (Spring Session) and for a key gone since PTTL: TYPE tells which.
      others.push(rec);
    } else continue; // vanished between PTTL and GET
    out.push(rec);
  }
  if (!others.length) return out;
  await readOthers(conn, others);
  return out.filter((r) => r.type !== 'none');
}

async function readOthers(conn: RespConnection, recs: RawRecord[]): Promise<void> {
  const cmds: Array<Array<string | Buffer>> = [];
  for (const r of recs) cmds.push(['TYPE', r.key], ['HGETALL', r.key], ['MEMORY', 'USAGE', r.key, 'SAMPLES', '0']);
  const replies = await conn.pipeline(cmds);
  recs.forEach((r, i) => {
    const type = replies[i * 3];
    const fields = replies[i * 3 + 1];
    if (type === 'hash' && Array.isArray(fields)) {
      r.type = 'hash';
      r.hash = new Map();
      let bytes = 0;
      for (let j = 0; j + 1 < fields.length; j += 2) {
        const f = fields[j] as Buffer;
        const v = fields[j + 1] as Buffer;
        r.hash.set(f.toString('utf8'), v);
        bytes += f.length + v.length;
      }
      r.bytes = bytes;
    } else {
      r.type = type === 'none' ? 'none' : 'other';
      r.bytes = numberOr(replies[i * 3 + 2], 0);
    }
  });
}

function numberOr(r: RespReply | undefined, d: number): number {
  return typeof r === 'number' ? r : d;
}
