// The ceiling the distance evaluation reports: the most encounters one threshold on the
// per-encounter median can class right, found by sweeping every threshold.
import { describe, expect, it } from 'vitest';
import { bestThresholdRight } from '../../eval/distance-eval.js';

const e = (median: number, near: boolean) => ({ median, near });

describe('best threshold on the encounter median', () => {
  it.each([
    ['nothing heard', [], 0],
    ['all near', [e(-60, true), e(-70, true)], 2],
    ['all not near', [e(-60, false), e(-70, false)], 2],
    ['separable', [e(-60, true), e(-65, true), e(-75, false), e(-80, false)], 4],
    ['one near phone in a pocket, weaker than a far one', [e(-60, true), e(-82, true), e(-75, false), e(-80, false)], 3],
    ['equal medians cannot be split', [e(-70, true), e(-70, true), e(-70, false)], 2],
    ['best to call everyone near', [e(-90, true), e(-60, false), e(-91, true), e(-92, true)], 3],
  ] as const)('%s', (_name, encounters, right) => {
    expect(bestThresholdRight(encounters)).toBe(right);
  });
});
