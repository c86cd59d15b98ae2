import { fail } from './decode-failure.js';
import type { DecodeLimits } from './types.js';

/**
 * A structural pass over msgpack without building anything: refuses nesting deeper than
 * maxDepth and more than maxElements items before the library materialises them (it has no
 * depth limit, and a megabyte of 0x91 is a million nested arrays). Lengths are checked by the
 * library; here they only advance the cursor.
 */
export function checkMsgpackShape(b: Uint8Array, limits: DecodeLimits): void {
  const pending: number[] = []; // items each open container still owes
  let items = 0;
  let pos = 0;
  const be = (at: number, n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (b[at + i] ?? 0);
    return v;
  };
  while (pos < b.length) {
    const h = b[pos] as number;
    let skip = 1;
    let children = 0;
    if (h <= 0x7f || h >= 0xe0 || (h >= 0xc0 && h <= 0xc3)) skip = 1;
    else if (h <= 0x8f) children = (h & 0x0f) * 2;
    else if (h <= 0x9f) children = h & 0x0f;
    else if (h <= 0xbf) skip = 1 + (h & 0x1f);
    else if (h === 0xc4 || h === 0xd9) skip = 2 + be(pos + 1, 1);
    else if (h === 0xc5 || h === 0xda) skip = 3 + be(pos + 1, 2);
    else if (h === 0xc6 || h === 0xdb) skip = 5 + be(pos + 1, 4);
    else if (h === 0xc7) skip = 3 + be(pos + 1, 1);
    else if (h === 0xc8) skip = 4 + be(pos + 1, 2);
    else if (h === 0xc9) skip = 6 + be(pos + 1, 4);
    else if (h === 0xca || h === 0xce || h === 0xd2) skip = 5;
    else if (h === 0xcb || h === 0xcf || h === 0xd3) skip = 9;
    else if (h === 0xcc || h === 0xd0) skip = 2;
    else if (h === 0xcd || h === 0xd1) skip = 3;
    else if (h >= 0xd4 && h <= 0xd8) skip = 2 + 2 ** (h - 0xd4);
    else if (h === 0xdc) {
      skip = 3;
      children = be(pos + 1, 2);
    } else if (h === 0xdd) {
      skip = 5;
      children = be(pos + 1, 4);
    } else if (h === 0xde) {
      skip = 3;
      children = be(pos + 1, 2) * 2;
    } else if (h === 0xdf) {
      skip = 5;
      children = be(pos + 1, 4) * 2;
    }
    pos += skip;
    if (++items > limits.maxElements) fail(`more than ${limits.maxElements} values`);
    // this item takes a slot of the innermost open container; a container stays open (and
    // counts as depth) until its own items are read, then closes every finished parent
    if (pending.length > 0) pending[pending.length - 1] = (pending[pending.length - 1] as number) - 1;
    if (children > 0) {
      if (pending.push(children) > limits.maxDepth) fail(`nesting deeper than ${limits.maxDepth}`);
    } else {
      while (pending.length > 0 && pending[pending.length - 1] === 0) pending.pop();
    }
  }
}
