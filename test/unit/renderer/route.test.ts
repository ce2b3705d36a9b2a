import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../src-renderer/route.js';

describe('routeOf', () => {
  it('maps #/staff to the staff console and everything else to the visitor screen', () => {
    expect(routeOf('#/staff')).toBe('staff');
    expect(routeOf('#/staff/')).toBe('staff');
    for (const hash of ['', '#', '#/', '#/staffroom', '#/STAFF', '#/visitor', '#/staff?x']) expect(routeOf(hash), hash).toBe('visitor');
  });
});
