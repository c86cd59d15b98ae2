import { describe, expect, it } from 'vitest';
import { decodeSpringHash, springHash } from './spring-hash.js';

/**
 * ObjectOutputStream.writeObject of a LinkedHashMap (OpenJDK 17, java.io): ArrayList, HashMap,
 * byte[], a Serializable class with every primitive field type, an enum, arrays, a shared
 * reference and modified UTF-8 (NUL and a supplementary character). Generated once with javac
 * (not in the CI image); what Gen.java wrote is summarised in the comment below.
 */
const JDK_MAP = Buffer.from(
  'aced0005737200176a6176612e7574696c2e4c696e6b6564486173684d617034c04e5c106cc0fb0200015a000b6163636573734f72646572787200116a6176612e7574696c2e486173684d61700507dac1c31660d103000246000a6c6f6164466163746f724900097468726573686f6c6478703f4000000000000c770800000010000000077400046c697374737200136a6176612e7574696c2e41727261794c6973747881d21d99c7619d03000149000473697a65787000000003770400000003737200116a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b02000078700000000174000374776f7372000e6a6176612e6c616e672e4c6f6e673b8be490cc8f23df0200014a000576616c75657871007e00070000000000000003787400036d61707371007e00013f40000000000001770800000002000000017400016b74000176787400056279746573757200025b42acf317f8060854e002000078700000000200ff74000770726f66696c657372000b47656e2450726f66696c650d7566481d56f79302000c5a000661637469766549000361676542000162460001664a00026964430007696e697469616c5300017344000573636f72655b0004696e74737400025b494c00046e616d657400124c6a6176612f6c616e672f537472696e673b4c0004726f6c6574000a4c47656e24526f6c653b5b0004746167737400135b4c6a6176612f6c616e672f537472696e673b7870010000002aff3f00000000200000000000010061fffe3ff8000000000000757200025b494dba602676eab2a50200007870000000020000000100000002740003616e6e7e72000847656e24526f6c6500000000000000001200007872000e6a6176612e6c616e672e456e756d0000000000000000120000787074000541444d494e757200135b4c6a6176612e6c616e672e537472696e673badd256e7e91d7b47020000787000000002740001787400017974000673686172656471007e0005740004626f6f6c737200116a6176612e6c616e672e426f6f6c65616ecd207280d59cfaee0200015a000576616c7565787000740007756e69636f646574001468c3a96c6c6f20e2988320c08020eda0bdedb8807800',
  'hex',
);
// Gen.java: class Profile implements Serializable { String name = "ann"; int age = 42; long id = 9007199254740993L;
// boolean active = true; Role role = Role.ADMIN; double score = 1.5; char initial = 'a'; short s = -2; byte b = -1;
// float f = 0.5f; int[] ints = {1, 2}; String[] tags = {"x", "y"}; } and m = {list: ArrayList(1, "two", 3L),
// map: HashMap(k=v), bytes: byte[]{0, -1}, profile, shared: <list>, bool: FALSE, unicode: "héllo ☃ \0 😀"}

describe('spring-hash: JDK serialization read as data', () => {
  it('collections, boxed values, objects with every field type, enums, arrays, shared references', () => {
    expect(springHash.sniff(JDK_MAP)).toBeGreaterThan(0.9);
    const list = [1, 'two', 3];
    expect(springHash.decode(JDK_MAP)).toEqual({
      ok: true,
      format: 'spring-hash',
      value: {
        list,
        map: { k: 'v' },
        bytes: Uint8Array.from([0, 255]),
        profile: {
          $opaque: 'Gen$Profile',
          state: {
            active: true,
            age: 42,
            b: -1,
            id: 9007199254740993n,
            initial: 'a',
            s: -2,
            score: 1.5,
            f: 0.5,
            ints: [1, 2],
            name: 'ann',
            role: { $opaque: 'Gen$Role', state: 'ADMIN' },
            tags: ['x', 'y'],
          },
        },
        shared: list,
        bool: false,
        unicode: 'h\u00e9llo \u2603 \0 \u{1F600}',
      },
    });
  });

  it('a Spring Session hash: timestamps as numbers, JSON and plain-text fields, an undecodable field kept as a marker', () => {
    const long = (n: bigint) =>
      Buffer.concat([
        Buffer.from(
          'aced00057372000e6a6176612e6c616e672e4c6f6e673b8be490cc8f23df0200014a000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000000000',
          'hex',
        ).subarray(0, -4),
        Buffer.from(n.toString(16).padStart(16, '0'), 'hex'),
      ]);
    const fields = new Map<string, Uint8Array>([
      ['creationTime', long(1700000000000n)],
      ['maxInactiveInterval', Buffer.from('1800')],
      ['sessionAttr:json', Buffer.from('{"@class":"x.Y","a":1}')],
      ['sessionAttr:text', Buffer.from('plain')],
      ['sessionAttr:broken', Buffer.from('aced0005ff', 'hex')],
    ]);
    expect(decodeSpringHash(fields)).toEqual({
      ok: true,
      format: 'spring-hash',
      value: {
        creationTime: 1700000000000,
        maxInactiveInterval: 1800,
        'sessionAttr:json': { '@class': 'x.Y', a: 1 },
        'sessionAttr:text': 'plain',
        'sessionAttr:broken': { $opaque: 'undecodable', state: expect.stringMatching(/unsupported stream token 0xff/) },
      },
    });
    expect(decodeSpringHash(new Map())).toEqual({ ok: false, format: 'spring-hash', reason: 'empty hash' });
  });
});
