import { describe, expect, it } from 'vitest';
import { marshal } from './marshal.js';
import { springHash } from './spring-hash.js';

const N = 200_000;
const repeat = (hex: string, n: number) => Buffer.from(hex.repeat(n), 'hex');
const marshalBomb = (body: Buffer) => Buffer.concat([Buffer.from('0408', 'hex'), body]);
const javaBomb = (body: Buffer) => Buffer.concat([Buffer.from('aced0005', 'hex'), body]);

/**
 * Issue 21: three places recursed without counting depth; the stack overflowed and was caught.
 * Each bomb must be stopped by the depth limit, with its message, not by a RangeError.
 */
describe('depth bombs are stopped by the limit, not the stack', () => {
  it('Marshal: I (instance variables) wrapping I wrapping …', () => {
    expect(marshal.decode(marshalBomb(repeat('49', N)))).toEqual({
      ok: false,
      format: 'marshal',
      reason: 'nesting deeper than 64',
    });
  });

  it('Marshal: an object whose class name is an object whose class name is …', () => {
    for (const type of ['6f', '53', '43', '65', '75', '55', '64']) {
      expect(marshal.decode(marshalBomb(repeat(type, N)))).toEqual({
        ok: false,
        format: 'marshal',
        reason: 'nesting deeper than 64',
      });
    }
  });

  it('Java: a proxy class description whose parent is a proxy class description …', () => {
    // TC_OBJECT, then TC_PROXYCLASSDESC (0 interfaces, no annotation) as its own parent, N times.
    const bomb = javaBomb(Buffer.concat([Buffer.from('73', 'hex'), repeat('7d0000000078', N)]));
    expect(springHash.decode(bomb)).toEqual({
      ok: false,
      format: 'spring-hash',
      reason: 'class hierarchy deeper than 64',
    });
  });

  it('Java: a class whose parent is a reference to itself is a cycle, not an endless hierarchy', () => {
    // TC_OBJECT, TC_CLASSDESC "A" uid 0, flags SERIALIZABLE, 0 fields, end of annotation, parent = TC_REFERENCE to handle 0.
    const cycle = javaBomb(
      Buffer.from('73' + '72' + '0001' + '41' + '0000000000000000' + '02' + '0000' + '78' + '71' + '007e0000', 'hex'),
    );
    expect(springHash.decode(cycle)).toEqual({
      ok: false,
      format: 'spring-hash',
      reason: 'class hierarchy of A is a cycle',
    });
  });

  it('leave what a real payload needs: 30 I wrappers around nil, each with no instance variables', () => {
    expect(
      marshal.decode(marshalBomb(Buffer.concat([repeat('49', 30), Buffer.from('30', 'hex'), repeat('00', 30)]))),
    ).toEqual({ ok: true, format: 'marshal', value: null });
  });
});
