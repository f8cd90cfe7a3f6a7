import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/shared/remembered.ts';

describe('remembered', () => {
  it('computes each argument once while it is kept, and forgets all at once when full, so memory stays bounded', () => {
    const calls: number[] = [];
    const square = remembered((n: number) => {
      calls.push(n);
      return n * n;
    }, 2);
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(calls).toEqual([3, 4]);
    // A third argument finds it full: everything is forgotten, then 5 is kept.
    expect(square(5)).toBe(25);
    expect(square(3)).toBe(9);
    expect(calls).toEqual([3, 4, 5, 3]);
  });
});
