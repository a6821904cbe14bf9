// Small display helpers shared by screens.
import { daysUntil, describeDays } from '../../../shared/review/words.js';
export const shortHex = (hex: string, n = 8): string => (hex.length > n ? hex.slice(0, n) : hex);

/**
 * "2026-12-31 23:59 UTC (in 36 days)" / "(expired 3 days ago)": the days counted as the review and
 * the CLI count them (shared/review/words.ts), so one expiry never reads 365 here and 364 there.
 */
export function describeExpiry(iso: string, now: Date = new Date()): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const days = daysUntil(iso, now.getTime());
  const date = `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${date} (${days < 0 ? `expired ${describeDays(days)}` : describeDays(days)})`;
}

export const formatTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};
