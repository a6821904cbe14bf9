// Where the expiry warnings start and stop: past, under 7 days, over 2 years (calendar years).
import { describe, expect, it } from 'vitest';
import { expiryWarnings } from '../../../../shared/review/warnings.js';
import { isoIn, NOW } from '../../../helpers/review-keys.js';

const codes = (days: number) => expiryWarnings(isoIn(days), NOW).map((w) => w.code);

describe('expiry warnings', () => {
  it.each([
    [-400, ['expiry-past']],
    [0, ['expiry-past']],
    [1, ['expiry-soon']],
    [6, ['expiry-soon']],
    [7, []],
    [365, []],
    [730, []],
    [731, []], // 2026-06-01 + 731 days is 2028-06-01: exactly two calendar years (2028 is a leap year)
    [732, ['expiry-far']],
  ])('%i days from now -> %j', (days, expected) => {
    expect(codes(days)).toEqual(expected);
  });

  it('says the date and how far it is', () => {
    expect(expiryWarnings(isoIn(3), NOW)[0]?.message).toBe(`This metadata expires ${isoIn(3)} (in 3 days), less than 7 days from now.`);
  });
});
