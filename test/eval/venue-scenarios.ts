// The simulated venues of the evaluation: from a small restaurant (50 visitors a day) to
// a bus station (5,000), dwell from 2 minutes to 9 hours, and an office where hundreds of
// phones are present, and rotate, at every boundary of the working day.
import type { VenueScenario } from './venue-day.js';

export const VENUE_SCENARIOS: readonly VenueScenario[] = [
  {
    name: 'restaurant-small',
    visitors: 50,
    groups: [
      { share: 0.5, arrive: [11, 13.5], dwellMedianMin: 40, dwellSigma: 0.4, dwellClampMin: [10, 120], maxParty: 4 },
      { share: 0.5, arrive: [17.5, 20.5], dwellMedianMin: 60, dwellSigma: 0.4, dwellClampMin: [15, 180], maxParty: 6 },
    ],
    distanceM: [0.5, 10],
    iosShare: 0.35,
    gaenShare: 0.05,
    seed: 11,
  },
  {
    name: 'restaurant-busy',
    visitors: 800,
    groups: [
      { share: 0.15, arrive: [6, 9], dwellMedianMin: 15, dwellSigma: 0.5, dwellClampMin: [2, 60], maxParty: 3 },
      { share: 0.45, arrive: [11, 13.5], dwellMedianMin: 35, dwellSigma: 0.5, dwellClampMin: [5, 120], maxParty: 6 },
      { share: 0.4, arrive: [17.5, 21], dwellMedianMin: 70, dwellSigma: 0.5, dwellClampMin: [10, 240], maxParty: 10 },
    ],
    distanceM: [0.5, 12],
    iosShare: 0.35,
    gaenShare: 0.05,
    seed: 12,
  },
  {
    name: 'office',
    visitors: 400,
    groups: [
      // Staff arrive together and stay the working day: the crowd rotating at every boundary.
      { share: 0.7, arrive: [7.5, 8.5], dwellMedianMin: 510, dwellSigma: 0.06, dwellClampMin: [420, 540], maxParty: 8 },
      { share: 0.3, arrive: [8.5, 16.5], dwellMedianMin: 25, dwellSigma: 0.8, dwellClampMin: [2, 180], maxParty: 3 },
    ],
    distanceM: [0.5, 10],
    iosShare: 0.4,
    gaenShare: 0.05,
    seed: 13,
  },
  {
    name: 'service-counter',
    visitors: 600,
    groups: [{ share: 1, arrive: [7.5, 17], dwellMedianMin: 4, dwellSigma: 0.5, dwellClampMin: [2, 20], maxParty: 2 }],
    distanceM: [0.4, 6],
    iosShare: 0.35,
    gaenShare: 0.05,
    seed: 14,
  },
  {
    name: 'bus-station',
    visitors: 5000,
    groups: [
      { share: 0.3, arrive: [5, 8], dwellMedianMin: 25, dwellSigma: 0.8, dwellClampMin: [2, 180], maxParty: 30 },
      { share: 0.4, arrive: [8, 16], dwellMedianMin: 30, dwellSigma: 0.8, dwellClampMin: [2, 240], maxParty: 30 },
      { share: 0.3, arrive: [16, 21], dwellMedianMin: 20, dwellSigma: 0.8, dwellClampMin: [2, 120], maxParty: 30 },
    ],
    distanceM: [0.5, 12],
    iosShare: 0.35,
    gaenShare: 0.05,
    seed: 15,
  },
];

/**
 * A smaller, faster set for the unit test (same behaviour, fewer phones), with the office
 * (where most phones stay all day, so every boundary is a chance to break or cross a stay)
 * at full size on three seeds. These seeds were fixed before the linker's last changes were
 * measured on them and were not chosen to pass; the linker was tuned on seeds 1-8 and 101-110.
 */
export const SMALL_SCENARIOS: readonly VenueScenario[] = [
  { ...VENUE_SCENARIOS[0]!, seed: 21 },
  { ...VENUE_SCENARIOS[2]!, seed: 23 },
  { ...VENUE_SCENARIOS[2]!, seed: 31 },
  { ...VENUE_SCENARIOS[2]!, seed: 32 },
  { ...VENUE_SCENARIOS[4]!, name: 'bus-station-600', visitors: 600, seed: 25 },
];
