import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minCostAssignment } from '../../../../../shared/domain/engine/min-cost-assignment.js';

/** Every assignment of rows to distinct columns, by brute force (small sizes only). */
function bruteForceMin(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0]?.length ?? 0;
  let best = Infinity;
  const used = new Array<boolean>(m).fill(false);
  const walk = (r: number, sum: number) => {
    if (r === n) {
      best = Math.min(best, sum);
      return;
    }
    for (let c = 0; c < m; c++) {
      if (used[c] || !Number.isFinite(cost[r]![c]!)) continue;
      used[c] = true;
      walk(r + 1, sum + cost[r]![c]!);
      used[c] = false;
    }
  };
  walk(0, 0);
  return best;
}

describe('minimum-cost assignment', () => {
  it('takes the pairing that is best overall, not the best pair first', () => {
    // Greedy takes (0,0) at cost 1 and leaves row 1 with cost 10: total 11. Best: 2 + 2.
    expect(minCostAssignment([
      [1, 2],
      [2, 10],
    ])).toEqual([1, 0]);
  });

  it('never gives a row a forbidden column, and reports a row it cannot place', () => {
    expect(minCostAssignment([
      [Infinity, 1],
      [Infinity, 1],
    ]).sort()).toEqual([-1, 1]);
    expect(minCostAssignment([[Infinity, 3, Infinity]])).toEqual([1]);
  });

  it('handles no rows, and refuses fewer columns than rows or NaN', () => {
    expect(minCostAssignment([])).toEqual([]);
    expect(() => minCostAssignment([[1], [2]])).toThrow(RangeError);
    expect(() => minCostAssignment([[Number.NaN, 1]])).toThrow(/NaN/);
  });

  it('matches brute force on random small matrices with forbidden pairs', () => {
    const cell = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Infinity));
    const matrix = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }))
      .chain(([n, extra]) => fc.array(fc.array(cell, { minLength: n + extra, maxLength: n + extra }), { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(matrix, (cost) => {
        const out = minCostAssignment(cost);
        const cols = out.filter((c) => c >= 0);
        expect(new Set(cols).size).toBe(cols.length);
        const best = bruteForceMin(cost);
        if (Number.isFinite(best)) {
          expect(out.every((c) => c >= 0)).toBe(true);
          expect(out.reduce((s, c, r) => s + cost[r]![c]!, 0)).toBe(best);
        } else expect(out.some((c) => c < 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
