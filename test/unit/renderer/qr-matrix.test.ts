import { describe, expect, it } from 'vitest';
import { modulePixels, qrMatrixFor, QUIET_ZONE } from '../../../src-renderer/visitor/qr-matrix.js';

describe('qrMatrixFor', () => {
  it('encodes the install URL in a version that fits a short link', () => {
    const m = qrMatrixFor('https://www.bluezone.gov.vn');
    // Version 3 (29 modules) holds 42 bytes at level M: the default URL fits comfortably.
    expect(m.size).toBeGreaterThanOrEqual(21);
    expect(m.size).toBeLessThanOrEqual(29);
    // Finder pattern corners are dark: the matrix is read row-major.
    expect(m.isDark(0, 0)).toBe(true);
    expect(m.isDark(0, m.size - 1)).toBe(true);
    expect(m.isDark(m.size - 1, 0)).toBe(true);
    expect(m.isDark(7, 7)).toBe(false);
  });

  it('throws on text too long for any QR version instead of drawing garbage', () => {
    expect(() => qrMatrixFor('x'.repeat(5000))).toThrow();
  });
});

describe('modulePixels', () => {
  it('uses the largest whole number of pixels per module that fits, quiet zone included', () => {
    expect(modulePixels(25, 330)).toBe(10);
    expect(modulePixels(25, 329)).toBe(9);
    expect(10 * (25 + 2 * QUIET_ZONE)).toBeLessThanOrEqual(330);
  });

  it('never goes below one pixel', () => {
    expect(modulePixels(25, 10)).toBe(1);
  });
});
