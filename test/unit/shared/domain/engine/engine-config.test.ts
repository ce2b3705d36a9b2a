import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_CONFIG, EngineConfigError, resolveEngineConfig } from '../../../../../shared/domain/engine/engine-config.js';

describe('engine config', () => {
  it('defaults to the 5-s de-dup, 60-s presence and 2-m near band', () => {
    const c = resolveEngineConfig();
    expect(c).toEqual(DEFAULT_ENGINE_CONFIG);
    expect(c.dedupMs).toBe(5000);
    expect(c.presenceWindowMs).toBe(60_000);
    expect(c.bands.nearMaxM).toBe(2);
  });

  it('merges nested overrides', () => {
    const c = resolveEngineConfig({ calibration: { rssiAt1m: -52 }, checkIn: { holdMs: 3000 } });
    expect(c.calibration).toEqual({ rssiAt1m: -52, pathLossExponent: DEFAULT_ENGINE_CONFIG.calibration.pathLossExponent });
    expect(c.checkIn.holdMs).toBe(3000);
    expect(c.checkIn.alpha).toBe(DEFAULT_ENGINE_CONFIG.checkIn.alpha);
  });

  it.each([
    [{ dedupMs: -1 }, 'dedupMs'],
    [{ calibration: { pathLossExponent: Number.NaN } }, 'calibration.pathLossExponent'],
    [{ bands: { nearMaxM: 3, midMaxM: 2 } }, 'bands.midMaxM'],
    [{ checkIn: { maxDistanceM: 5 } }, 'checkIn.maxDistanceM'],
  ])('rejects %j naming the field', (input, field) => {
    expect(() => resolveEngineConfig(input)).toThrow(EngineConfigError);
    try {
      resolveEngineConfig(input);
    } catch (err) {
      expect((err as EngineConfigError).code).toBe('invalid_engine_config');
      expect((err as EngineConfigError).field).toBe(field);
    }
  });
});
