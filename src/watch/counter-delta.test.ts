import { describe, expect, it } from 'vitest';
import { counterDelta } from './counter-delta.js';

const at = (keys: number, expired = 0, evicted = 0, startId = 'a', deleted?: number) => ({
  node: 'n1',
  startId,
  keys,
  expired,
  evicted,
  deleted,
});

describe('counterDelta', () => {
  it('counts a key that is there now as created, and one that expired as created before it left', () => {
    expect(counterDelta([at(100, 10)], [at(130, 15)])).toMatchObject({ keys: 130, created: 35, expired: 5 });
  });

  it('adds evictions and, where the server counts them, deletes', () => {
    expect(counterDelta([at(100, 0, 0, 'a', 0)], [at(90, 0, 5, 'a', 20)])).toMatchObject({
      created: 15,
      evicted: 5,
      deleted: 20,
    });
  });

  it('never subtracts across a restart: the node adds its keys and no events', () => {
    const d = counterDelta([at(100, 50)], [at(3, 0, 0, 'b')]);
    expect(d).toMatchObject({ keys: 3, created: 0, expired: 0, unpaired: [{ node: 'n1', why: 'restarted' }] });
  });

  it('sums nodes and leaves a node seen for the first time unpaired', () => {
    const d = counterDelta([at(10)], [at(20), { ...at(5), node: 'n2' }]);
    expect(d).toMatchObject({ keys: 25, created: 10, unpaired: [{ node: 'n2', why: 'new' }] });
  });
});
