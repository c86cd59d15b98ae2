import type { ByteWindow, Need } from './byte-window.js';
import { corrupt } from './rdb-error.js';
import { readCount } from './read-length.js';
import { skipString } from './read-string.js';

/**
 * Steps over a Valkey path hash (type 23 under the VALKEY magic, RDB 81, Valkey 9.2; `TYPE` says
 * `pathhash`). It is its own data type, not a hash: a radix tree of paths, each holding a small
 * field/value map, read and written only by the PH* commands (HGETALL on it is WRONGTYPE), so a
 * session store never writes one and a live scan counts it as another type.
 *
 * Layout (valkey-io/valkey PR #4506, `src/rdb.c` rdbSaveObject's OBJ_PATH_HASH branch): a path
 * count, then per path its name as an RDB string and a field count, then that many field and value
 * strings. No per-field expiry. Zero paths is a valid (empty) key; a path with zero fields is
 * refused by the server's loader, and is corruption here too.
 */
export function* skipPathHash(w: ByteWindow, recordStart: number): Generator<Need, void, unknown> {
  const paths = yield* readCount(w, recordStart, 'path hash path count');
  for (let i = 0; i < paths; i++) {
    yield* skipString(w, recordStart);
    const at = w.offset;
    const fields = yield* readCount(w, recordStart, 'path hash field count');
    if (fields === 0) throw corrupt('a path hash path holds no fields', at);
    for (let j = 0; j < 2 * fields; j++) yield* skipString(w, recordStart);
  }
}
