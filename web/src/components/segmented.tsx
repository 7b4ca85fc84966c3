/**
 * A small group of mutually exclusive buttons (period, audience, criterion …). Each button says
 * whether it is pressed, so screen readers and tests read the current choice.
 *
 * @example
 *   <Segmented label={t('period')} value={period} onChange={(p) => setQuery({ period: p })}
 *     options={[{ value: 'day', label: t('day') }, { value: 'week', label: t('week') }]} />
 */
export function Segmented<T extends string>({ label, value, options, onChange }: {
  /** What is being chosen (the group's `aria-label`). */
  label: string;
  value: T;
  options: readonly { value: T; label: string; title?: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" title={o.title} aria-pressed={value === o.value} onClick={() => onChange(o.value)}>{o.label}</button>
      ))}
    </div>
  );
}

/** The query value if it is one of `allowed`, else `fallback` (a hand-edited URL never breaks a page). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
