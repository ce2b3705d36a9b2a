import { describe, expect, it } from 'vitest';
import { isRecording } from '../../../src-renderer/visitor/here-now-count.js';
import type { CoreStatus } from '../../../shared/api/core-api.js';
import type { RadioState } from '../../../shared/domain/types.js';

const status = (radio_state: RadioState) => ({ radio_state }) as CoreStatus;

describe('isRecording', () => {
  it('is true while scanning or starting, and before the first status arrives', () => {
    expect(isRecording(status('scanning'), 'live')).toBe(true);
    expect(isRecording(status('starting'), 'polling')).toBe(true);
    expect(isRecording(null, 'connecting')).toBe(true);
  });

  it('is false with the radio off, missing or failed, and when the core is unreachable', () => {
    for (const s of ['powered_off', 'no_adapter', 'error', 'stopped'] as const) expect(isRecording(status(s), 'live'), s).toBe(false);
    expect(isRecording(status('scanning'), 'offline')).toBe(false);
  });
});
