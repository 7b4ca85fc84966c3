/**
 * A metric request the analytics cannot answer as asked: a bad date, an unknown event, a filter
 * that matches nothing. `field` names the input at fault (`from`, `steps.1`, `course`); the HTTP
 * layer turns it into a 400 and the CLI into a usage error.
 *
 * @example
 *   throw new MetricInputError('interval', 'interval must be one of day, week, month');
 */
export class MetricInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/**
 * The rollups are still being built from a large backlog (a first start on an existing store):
 * answering now would mean waiting minutes. The HTTP layer answers 503 with Retry-After.
 */
export class RollupsWarmingError extends Error {
  constructor(readonly backlog: number) {
    super(`the analytics rollups are being built from the event log (${backlog.toLocaleString('en')} events to go); retry in a minute`);
  }
}
