// Minimum-cost assignment of rows to columns (the Hungarian method with potentials,
// O(rows² · columns)). The visitor linker uses it to pair, at one boundary, every new ID
// with at most one ending ID so that the pairs taken together are the most likely ones:
// pairing greedily by score lets an early choice take the predecessor that another new ID
// needed, and every such mistake crosses two people's stays.

/**
 * `cost[r][c]` for rows ≤ columns; `Infinity` forbids a pair. Returns, for each row, the
 * column assigned to it (distinct columns, total cost minimal), or -1 when the row can only
 * be given a forbidden column. Give every row a column of its own that it may always take
 * (the "no pair" choice) to make every row assignable.
 */
export function minCostAssignment(cost: ReadonlyArray<ArrayLike<number>>): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = cost[0]!.length;
  if (m < n) throw new RangeError(`minCostAssignment: ${n} rows need at least as many columns, got ${m}`);
  // A forbidden pair costs more than any assignment of allowed ones, so it is taken only
  // when nothing else is possible (and then reported as -1).
  let finiteMax = 0;
  for (const row of cost) {
    if (row.length !== m) throw new RangeError('minCostAssignment: rows differ in length');
    for (let c = 0; c < m; c++) {
      const x = row[c]!;
      if (Number.isNaN(x)) throw new RangeError('minCostAssignment: cost is NaN');
      if (Number.isFinite(x)) finiteMax = Math.max(finiteMax, Math.abs(x));
    }
  }
  const forbidden = (finiteMax + 1) * (n + 1);
  const at = (r: number, c: number) => {
    const x = cost[r]![c]!;
    return Number.isFinite(x) ? x : forbidden;
  };
  // 1-based potentials and matching, column 0 is the virtual start (e-maxx formulation).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = rowOfCol[j]!;
          u[r] = u[r]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOfCol[j0] = rowOfCol[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const r = rowOfCol[j]!;
    if (r > 0 && Number.isFinite(cost[r - 1]![j - 1]!)) out[r - 1] = j - 1;
  }
  return out;
}
