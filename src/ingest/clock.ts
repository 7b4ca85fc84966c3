/**
 * Event time: parse client times and correct device clock skew the way Segment does.
 * When a client says when it sent the message (`sentAt`), the difference between that and the
 * server's `receivedAt` is the device's clock error, and it is removed from `timestamp`.
 */

/** Parses an ISO-8601 string or epoch milliseconds; undefined when absent, NaN when unreadable. */
export function parseTime(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : NaN;
  if (typeof value !== 'string') return NaN;
  if (/^\d{10,13}$/.test(value)) {
    const n = Number(value);
    return value.length <= 10 ? n * 1000 : n;
  }
  return Date.parse(value);
}

/** Largest accepted lead of a corrected timestamp over the server clock; later ones are capped. */
export const maxFutureSkewMs = 5 * 60 * 1000;

/**
 * The corrected event time. `timestamp` falls back to `originalTimestamp`, then to receipt time.
 * A time still in the future after correction is capped at `receivedAt` (clients with broken clocks).
 */
export function correctedTimestamp(timestamp: number | undefined, sentAt: number | undefined, receivedAt: number): number {
  if (timestamp === undefined) return receivedAt;
  const corrected = sentAt === undefined ? timestamp : receivedAt - (sentAt - timestamp);
  return corrected > receivedAt + maxFutureSkewMs ? receivedAt : corrected;
}
