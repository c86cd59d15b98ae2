import { listpack, moduleId, RdbBuilder } from './rdb-builder.js';

/** Absolute expiries in the fixtures: a date after any test run. */
export const AT = 1_900_000_000_000;
const HOUR_MS = 3_600_000;

function streamV3(b: RdbBuilder): RdbBuilder {
  const id = Buffer.alloc(16, 1);
  b.byte(21)
    .str('events')
    .len(1)
    .str(id)
    .str(listpack([1, 0, 'f', 0, 0, 0, 'v']));
  b.len(1).len(AT).len(0); // length, last id
  b.len(AT).len(0).len(0).len(0).len(1); // first id, max deleted id, entries added
  b.len(1).str('group').len(AT).len(0).len(1); // one group: name, last id, entries read
  b.len(1).raw(id).int64(AT).len(1); // its pending list: id, delivery time, count
  b.len(1).str('consumer').int64(AT).int64(AT).len(1).raw(id); // one consumer with one pending id
  return b;
}

/** Every encoding RDB 12 can hold, in one dump. */
export function redis12(): Buffer {
  const b = new RdbBuilder('REDIS', 12)
    .aux('redis-ver', '7.4.2')
    .aux('redis-bits', '64')
    .aux('ctime', '1900000000')
    .aux('used-mem', '1000000')
    .aux('aof-base', '0');
  b.byte(245).str('#!lua name=lib\nredis.register_function("f", function() return 1 end)');
  b.byte(247).len(moduleId('auxmodule', 1)).len(2).len(2).len(2).len(7).len(5).str('blob').len(0); // MODULE_AUX: when=2, uint 7, string, EOF
  b.selectDb(0).resizeDb(9, 3).byte(244).len(1234).len(9).len(3);
  b.string('plain', 'hello');
  b.expireMs(AT + 5000)
    .byte(248)
    .len(42)
    .byte(0)
    .str('int:small')
    .intStr(-7);
  b.byte(253).raw([0x00, 0x00, 0x01, 0x00]).byte(249).byte(9).byte(0).str('int:wide').intStr(123456);
  b.byte(0)
    .str('lzf')
    .lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x00, 0x02]), 12);
  b.byte(16)
    .str('hash:lp')
    .str(listpack(['user', 'alice', 'n', 3]));
  b.byte(4).str('hash:ht').len(2).str('a').str('1').str('b').intStr(2);
  b.byte(24).str('hash:hfe').int64(AT).len(2).len(0).str('keep').str('x').len(11).str('goes').str('y');
  b.byte(25)
    .str('hash:lpex')
    .int64(AT)
    .str(listpack(['f1', 'v1', 0, 'f2', 'v2', String(AT + 7)]));
  b.byte(22)
    .str('hash:pre')
    .len(1)
    .len(AT + 1)
    .str('f')
    .str('v');
  b.byte(23)
    .str('hash:lppre')
    .str(listpack(['f', 'v', String(AT + 2)]));
  b.byte(20)
    .str('set:lp')
    .str(listpack(['m1', 'm2']));
  b.byte(5).str('zset:2').len(1).str('m').raw(Buffer.alloc(8));
  b.byte(18)
    .str('list:ql2')
    .len(2)
    .len(2)
    .str(listpack(['a', 'b']))
    .len(1)
    .str('plain-node');
  b.byte(7)
    .str('mod:key')
    .len(moduleId('MyModType', 3))
    .len(2)
    .len(99)
    .len(1)
    .len(5)
    .len(3)
    .raw(Buffer.alloc(4))
    .len(4)
    .raw(Buffer.alloc(8))
    .len(5)
    .str('s')
    .len(0);
  streamV3(b);
  b.selectDb(3).string('db3:key', 'v3');
  return b.end();
}

/**
 * A Valkey 9.2 dump (VALKEY 81) with path hashes (type 23) beside a HASH_2 (type 22), as
 * rdbSaveObject writes them: a path count; per path its name and a field count (rdbSaveLen), then
 * each field and value (rdbSaveRawString: integer-encoded when they are short decimal numbers,
 * LZF when longer than 20 bytes and compressible). No field TTLs. An empty path hash (every path
 * deleted) keeps its key and is written with zero paths.
 *
 * Sources (valkey-io/valkey): `src/rdb.h` @ 01756301ec98fdf8c31936552d2d123ff0f362f5
 * (`RDB_TYPE_PATH_HASH = 23`, "RDB 81 (9.2)"); PR #4506 "Feature valkey path hash" (rdbSaveObject
 * and rdbLoadObject's OBJ_PATH_HASH branches; rdbGetObjectType writes 23 only for RDB ≥ 81);
 * `tests/unit/type/path_hash.tcl` @ 84a39667a8c5f139eff7844a87e3f862df9a671c (TYPE is `pathhash`;
 * its RESTORE tests patch DUMP bytes 4 and 10 into a zero field count and a duplicate path or
 * field, which is where this layout puts them).
 */
export function valkey81PathHash(): Buffer {
  const b = new RdbBuilder('VALKEY', 81).aux('valkey-ver', '9.2.0').aux('redis-bits', '64').aux('ctime', '1900000000');
  b.selectDb(0).resizeDb(5, 2);
  b.string('sess:before', '{"user":"a"}');
  b.expireMs(AT + HOUR_MS)
    .byte(23)
    .str('tree')
    .len(4);
  b.str('').len(1).str('root').str('value'); // the root path, ''
  b.str(Buffer.from([0x00, 0x01, 0x02, 0xff]))
    .len(1)
    .str('field')
    .str(Buffer.from([0x76, 0x00, 0x61, 0x6c, 0xff]));
  b.intStr(123).len(1).str('n').intStr(7); // path "123" and value "7", integer-encoded
  b.str('abc').len(2).str('f1').str('v1').str('big');
  b.lzfStr(Buffer.from([0x02, 0x61, 0x62, 0x63, 0xe0, 0x0c, 0x02]), 24); // "abc" × 8
  b.byte(23).str('empty-tree').len(0);
  b.byte(22)
    .str('h2')
    .len(1)
    .str('f')
    .str('v')
    .int64(AT + HOUR_MS);
  b.expireMs(AT + HOUR_MS).string('sess:after', '{}');
  return b.end();
}
