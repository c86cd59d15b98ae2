import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteWindow } from './byte-window.js';

describe('ByteWindow', () => {
  it('keeps one buffer of its own for cut records over a long dump, and loses no byte', () => {
    const CHUNK = 64 * 1024;
    const source = randomBytes(CHUNK * 200);
    // A seeded walk of cut points: each chunk leaves a tail of 0–300 bytes unread, some exactly 0.
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const w = new ByteWindow();
    const read: Buffer[] = [];
    let stitched = 0;
    for (let at = 0; at < source.length; at += CHUNK) {
      w.append(source.subarray(at, at + CHUNK));
      // As the parse's driver does: read on after a stitched cut until the chunk is used up.
      do {
        const tail = next() % 5 === 0 ? 0 : next() % 300;
        read.push(w.take(Math.max(0, w.avail - tail)));
      } while (w.resume() && ++stitched);
    }
    do read.push(w.take(w.avail));
    while (w.resume());
    expect(Buffer.concat(read).equals(source)).toBe(true);
    // Sized exactly, and dropped whenever a chunk was adopted whole, it was allocated 50 times here.
    expect(w.allocations).toBe(1);
    expect(stitched).toBeGreaterThan(100);
    expect(w.peak).toBeLessThan(CHUNK * 2);
  });

  it('drops a buffer of its own grown past 2 MiB for one long cut value once it reads a chunk in place', () => {
    const MiB = 1024 * 1024;
    const source = randomBytes(6 * MiB);
    const chunk = (i: number) => source.subarray(i * MiB, (i + 1) * MiB);
    const w = new ByteWindow();
    // A 3 MiB value cut across three chunks: read once all its bytes are in.
    for (let i = 0; i < 3; i++) w.append(chunk(i));
    const read = [w.take(3 * MiB)];
    expect(w.peak).toBeGreaterThan(3 * MiB);
    const grown = w.allocations;
    w.append(chunk(3));
    read.push(w.take(MiB - 100));
    // The next cut needs a buffer again: the big one was not kept.
    w.append(chunk(4));
    expect(w.allocations).toBe(grown + 1);
    do read.push(w.take(w.avail));
    while (w.resume());
    w.append(chunk(5));
    do read.push(w.take(w.avail));
    while (w.resume());
    expect(Buffer.concat(read).equals(source)).toBe(true);
  });
});
