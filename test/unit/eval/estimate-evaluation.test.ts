// A smaller run of `npm run evaluate`: the same simulated venues with fewer visitors, and
// fewer encounters for the distance classes. Fails when an estimate leaves its bound.
import { describe, expect, it } from 'vitest';
import { DWELL_BOUND, NEAR_ACCURACY_BOUND, VISITOR_BOUND, evaluateVenue } from '../../eval/evaluation.js';
import { evaluateDistanceClasses } from '../../eval/distance-eval.js';
import { SMALL_SCENARIOS } from '../../eval/venue-scenarios.js';

describe('visitor estimate on simulated venues', () => {
  it.each(SMALL_SCENARIOS.map((s) => [`${s.name} (seed ${s.seed})`, s] as const))(
    '%s: unique visitors and median dwell within the bounds',
    (_name, scenario) => {
      const row = evaluateVenue(scenario);
      expect(Math.abs(row.visitorError), `visitors ${row.estimate.uniqueVisitors} vs ${row.truth.visitors}`).toBeLessThanOrEqual(VISITOR_BOUND);
      expect(Math.abs(row.dwellError), `dwell ${row.estimate.medianDwellS} vs ${row.truth.medianDwellS}`).toBeLessThanOrEqual(DWELL_BOUND);
      // The naive count (IDs) is far off wherever phones stay across a boundary.
      expect(row.estimate.deviceSlots).toBeGreaterThan(row.truth.visitors);
    },
    300_000,
  );
});

describe('distance classes after two-point calibration', () => {
  it('are right near / not near for at least 90 % of encounters spread over the floor', () => {
    const d = evaluateDistanceClasses({ encountersPerKiosk: 250, seed: 3, spread: 'floor' });
    expect(d.nearAccuracy).toBeGreaterThanOrEqual(NEAR_ACCURACY_BOUND);
  }, 120_000);

  it('come within 2 points of the ceiling where encounters crowd the 2-m boundary, and beat the default', () => {
    const d = evaluateDistanceClasses({ encountersPerKiosk: 1000, seed: 4, spread: 'log' });
    // Known limit (README): as many encounters within 1 m as at 3-10 m put a large share
    // within a few dB of the boundary, where TX spread, pocket loss and shadowing decide;
    // even the best threshold per kiosk, chosen knowing the true distances, stays below 90 %.
    expect(d.oracleNearAccuracy).toBeLessThan(NEAR_ACCURACY_BOUND);
    expect(d.nearAccuracy).toBeGreaterThanOrEqual(d.oracleNearAccuracy - 0.02);
    expect(d.nearAccuracy - d.defaultNearAccuracy).toBeGreaterThanOrEqual(0.04);
  }, 240_000);
});
