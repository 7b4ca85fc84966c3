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
