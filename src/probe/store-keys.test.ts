import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanLayout } from './scan-layout.js';
import { keyTemplate, learnPrefix } from './store-tracker.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ID = 'e53941b4-dc32-4e30-902a-a197cd1140b5';

describe('keyTemplate', () => {
  it('relates a key to the id itself or to its md5/sha1/sha256 hex', () => {
    expect(keyTemplate(`session_${ID}`, ID, 'id')).toBe('session_{id}');
    expect(keyTemplate(`session_${md5('pretend_token')}`, 'pretend_token', 'token')).toBe('session_{md5(token)}');
    expect(keyTemplate(`t:${sha1('pretend_token')}`, 'pretend_token', 'token')).toBe('t:{sha1(token)}');
    expect(keyTemplate(`cts:${sha256(ID)}`, ID, 'id')).toBe('cts:{sha256(id)}');
  });

  it('reads the id inside a signed express cookie, and relates nothing else', () => {
    expect(keyTemplate('sess:abcdefghijkl', 's%3Aabcdefghijkl.signature', 'id')).toBe('sess:{id}');
    expect(keyTemplate(`session_${md5('other')}`, 'pretend_token', 'token')).toBeUndefined();
    // a key that is only the id has no prefix to select it by
    expect(keyTemplate(ID, ID, 'id')).toBeUndefined();
  });
});

describe('learnPrefix', () => {
  it('learns the prefix of a key holding the id or its digest', () => {
    expect(learnPrefix([`session_${ID}`], [ID])).toBe('session_');
    expect(learnPrefix(['other', `session_${md5(ID)}`], [ID])).toBe('session_');
  });
});

describe('scanLayout', () => {
  it("turns a storeKeys template into the scan's --layout, which names whatever follows the prefix {id}", () => {
    expect(scanLayout('session_{md5(token)}')).toBe('session_{id}');
    expect(scanLayout('cts:{sha256(id)}')).toBe('cts:{id}');
    expect(scanLayout('session_{id}')).toBe('session_{id}');
  });
});
