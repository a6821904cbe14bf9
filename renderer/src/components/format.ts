// Small display helpers shared by screens.
export const shortHex = (hex: string, n = 8): string => (hex.length > n ? hex.slice(0, n) : hex);

/** "2026-12-31 23:59 UTC (in 36 days)" / "(expired 3 days ago)". */
export function describeExpiry(iso: string, now: Date = new Date()): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const days = Math.round((when.getTime() - now.getTime()) / 86_400_000);
  const date = `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (days > 0) return `${date} (in ${days} ${days === 1 ? 'day' : 'days'})`;
  if (days === 0) return `${date} (today)`;
  return `${date} (expired ${-days} ${days === -1 ? 'day' : 'days'} ago)`;
}

export const formatTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};
