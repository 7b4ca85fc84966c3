/**
 * A headline number with its change against the previous period of the same length.
 *
 * @example
 *   <Stat label="DAU" value={fmt.number(812)} change={0.12} />   // ▲ 12%
 */
import { useLocale } from '../i18n/i18n';

export function Stat({ label, value, change, hint, inverse = false }: {
  label: string;
  value: string;
  /** Relative change vs the previous period (0.12 = +12%); undefined when there is no previous period. */
  change?: number | null;
  hint?: string;
  /** A rise is bad news (e.g. refunds, at-risk learners). */
  inverse?: boolean;
}) {
  const { fmt } = useLocale();
  const has = typeof change === 'number' && Number.isFinite(change);
  const good = has && (inverse ? change! < 0 : change! > 0);
  const bad = has && (inverse ? change! > 0 : change! < 0);
  return (
    <div className="stat" data-stat={label}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {has && (
        <div className={`stat-change ${good ? 'up' : bad ? 'down' : ''}`}>
          {change! > 0 ? '▲' : change! < 0 ? '▼' : '■'} {fmt.percent(Math.abs(change!))}
        </div>
      )}
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

/** Relative change from `before` to `now`; undefined when there is no meaningful base. */
export function changeOf(now: number, before: number | undefined): number | undefined {
  if (before === undefined || !Number.isFinite(before) || before === 0) return undefined;
  return (now - before) / Math.abs(before);
}
