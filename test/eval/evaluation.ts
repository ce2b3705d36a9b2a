// The evaluation of what the kiosk counts: unique visitors and median dwell per local day on
// simulated venues, and distance classes after two-point calibration. Shared by the
// `npm run evaluate` command and by its smaller unit test.
import { evaluateDistanceClasses, type DistanceEvalResult, type DistanceSpread } from './distance-eval.js';
import { simulateVenueDay, type VenueDayResult, type VenueScenario } from './venue-day.js';

/** The bounds the issue sets: ±10 % on visitors and median dwell, ≥ 90 % near / not near. */
export const VISITOR_BOUND = 0.1;
export const DWELL_BOUND = 0.1;
export const NEAR_ACCURACY_BOUND = 0.9;

export interface VenueRow extends VenueDayResult {
  readonly visitorError: number;
  readonly dwellError: number;
  /** What counting IDs (the old "today") would have said, relative to the truth. */
  readonly idCountError: number;
  readonly pass: boolean;
}

export interface Evaluation {
  readonly venues: readonly VenueRow[];
  readonly distance: readonly DistanceEvalResult[];
}

function relative(estimate: number, truth: number): number {
  return truth === 0 ? (estimate === 0 ? 0 : 1) : (estimate - truth) / truth;
}

export function evaluateVenue(s: VenueScenario): VenueRow {
  const r = simulateVenueDay(s);
  const visitorError = relative(r.estimate.uniqueVisitors, r.truth.visitors);
  const dwellError = relative(r.estimate.medianDwellS, r.truth.medianDwellS);
  return {
    ...r,
    visitorError,
    dwellError,
    idCountError: relative(r.estimate.deviceSlots, r.truth.visitors),
    pass: Math.abs(visitorError) <= VISITOR_BOUND && Math.abs(dwellError) <= DWELL_BOUND,
  };
}

export function evaluate(
  scenarios: readonly VenueScenario[],
  distance: { encountersPerKiosk: number; seed: number; spreads: readonly DistanceSpread[] },
): Evaluation {
  return {
    venues: scenarios.map(evaluateVenue),
    distance: distance.spreads.map((spread) => evaluateDistanceClasses({ ...distance, spread })),
  };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The table the command prints (and the README quotes). */
export function formatEvaluation(e: Evaluation): string {
  const lines: string[] = [];
  lines.push('Unique visitors and median dwell per local day (simulated venues, ground truth)');
  lines.push(
    `${'venue'.padEnd(18)}${pad('peak', 6)}${pad('visitors', 10)}${pad('estimate', 10)}${pad('error', 9)}${pad('IDs', 8)}${pad('IDs err', 10)}${pad('dwell s', 9)}${pad('estimate', 10)}${pad('error', 9)}  ok`,
  );
  for (const v of e.venues) {
    lines.push(
      `${v.scenario.padEnd(18)}${pad(v.truth.peakPresent, 6)}${pad(v.truth.visitors, 10)}${pad(v.estimate.uniqueVisitors, 10)}${pad(pct(v.visitorError), 9)}${pad(v.estimate.deviceSlots, 8)}${pad(pct(v.idCountError), 10)}${pad(v.truth.medianDwellS, 9)}${pad(v.estimate.medianDwellS, 10)}${pad(pct(v.dwellError), 9)}  ${v.pass ? 'yes' : 'NO'}`,
    );
  }
  lines.push(`bounds: visitors ±${VISITOR_BOUND * 100} %, median dwell ±${DWELL_BOUND * 100} %; "IDs" = distinct IDs of the day (the old count)`);
  for (const d of e.distance) {
    lines.push('');
    lines.push(`Distance classes after two-point calibration (${d.kiosks} kiosks, ${d.encounters} encounters, spread: ${d.spread})`);
    lines.push(`${'truth \\ class'.padEnd(14)}${pad('near', 7)}${pad('mid', 7)}${pad('far', 7)}`);
    for (const t of ['near', 'mid', 'far'] as const) {
      lines.push(`${t.padEnd(14)}${pad(d.confusion[t].near, 7)}${pad(d.confusion[t].mid, 7)}${pad(d.confusion[t].far, 7)}`);
    }
    lines.push(
      `near / not near right: ${(100 * d.nearAccuracy).toFixed(1)} % (bound ${NEAR_ACCURACY_BOUND * 100} %; uncalibrated default: ${(100 * d.defaultNearAccuracy).toFixed(1)} %); three classes right: ${(100 * d.threeClassAccuracy).toFixed(1)} %`,
    );
    lines.push(
      `ceiling (best threshold per kiosk on the encounter median, chosen knowing the true distances): ${(100 * d.oracleNearAccuracy).toFixed(1)} %`,
    );
  }
  return lines.join('\n');
}
