/**
 * Plain-text tables of metric answers, for `learnloop report`: one function per metric turns its
 * JSON answer into a header and rows, and `renderTable` lines them up.
 *
 * @example
 *   process.stdout.write(renderTable(activityTable(await metrics.activity('default', input))));
 */

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  notes?: string[];
}

const cell = (v: string | number | null) => (v === null ? '–' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function renderTable(t: Table): string {
  const text = t.rows.map((r) => r.map(cell));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]!.length)));
  // Numbers and percentages line up on the right.
  const numeric = t.columns.map((_, i) => text.every((r) => /^(-?[\d.]+%?|–|)$/.test(r[i]!)));
  const line = (r: string[]) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [t.title, '', line(t.columns), line(widths.map((w) => '-'.repeat(w))), ...text.map(line), ...(t.notes?.length ? ['', ...t.notes] : []), ''].join('\n');
}

interface ActivityAnswer {
  interval: string; tz: string; from: string; to: string; engine: string;
  points: { period: string; activeUsers: number; newUsers: number; returningUsers: number; learningMinutes: number; lessonsCompleted: number;
    revenue: number; orders: number; payingUsers: number; arppu: number; refunds: number; netRevenue: number; stickiness?: number }[];
}

export function activityTable(a: ActivityAnswer): Table {
  const sticky = a.points.some((p) => p.stickiness !== undefined);
  return {
    title: `Activity by ${a.interval}, ${a.from} to ${a.to} (${a.tz})`,
    columns: ['period', 'active', 'new', 'returning', 'learning min', 'lessons done', 'revenue', 'orders', 'paying', 'ARPPU', 'refunds', 'net revenue', ...(sticky ? ['stickiness'] : [])],
    rows: a.points.map((p) => [p.period, p.activeUsers, p.newUsers, p.returningUsers, p.learningMinutes, p.lessonsCompleted, p.revenue, p.orders,
      p.payingUsers, p.arppu, p.refunds, p.netRevenue, ...(sticky ? [pct(p.stickiness ?? 0)] : [])]),
    notes: [`engine: ${a.engine}`],
  };
}

export function stickinessTable(s: { interval: string; tz: string; from: string; to: string; activeUsers: number; stickiness: number; histogram: { periods: number; users: number }[] }): Table {
  return {
    title: `Stickiness: learners by ${s.interval}s active, ${s.from} to ${s.to} (${s.tz})`,
    columns: [`${s.interval}s active`, 'learners', 'share'],
    rows: s.histogram.map((h) => [h.periods, h.users, pct(s.activeUsers ? h.users / s.activeUsers : 0)]),
    notes: [`${s.activeUsers} active learners; stickiness (mean active per ${s.interval} ÷ active in range) ${pct(s.stickiness)}`],
  };
}

export function lifecycleTable(l: { interval: string; tz: string; from: string; to: string; points: { period: string; new: number; returning: number; resurrecting: number; dormant: number }[] }): Table {
  return {
    title: `Lifecycle by ${l.interval}, ${l.from} to ${l.to} (${l.tz})`,
    columns: ['period', 'new', 'returning', 'resurrecting', 'dormant'],
    rows: l.points.map((p) => [p.period, p.new, p.returning, p.resurrecting, -p.dormant]),
  };
}

export function retentionTable(r: { period: string; tz: string; from: string; to: string; cohortBy: string; criterion: string; cohorts: { cohort: string; size: number; retained: number[] }[] }): Table {
  const width = Math.max(1, ...r.cohorts.map((c) => c.retained.length));
  return {
    title: `Retention by ${r.period}, cohorts by ${r.cohortBy}, "${r.criterion}", ${r.from} to ${r.to} (${r.tz})`,
    columns: ['cohort', 'size', ...Array.from({ length: width }, (_, k) => `${r.period[0]}${k}`)],
    rows: r.cohorts.map((c) => [c.cohort, c.size, ...Array.from({ length: width }, (_, k) => (k < c.retained.length ? (c.size ? pct(c.retained[k]! / c.size) : '–') : ''))]),
  };
}

export function funnelTable(f: { from: string; to: string; windowSeconds: number; steps: { event: string; users: number; conversion: number; stepConversion: number; medianSecondsFromPrevious: number | null }[];
  breakdown?: { value: string; steps: { users: number }[] }[] }): Table {
  return {
    title: `Funnel ${f.from} to ${f.to}, window ${f.windowSeconds / 3600} h`,
    columns: ['step', 'event', 'learners', 'of entrants', 'of previous', 'median from previous'],
    rows: f.steps.map((s, i) => [i + 1, s.event, s.users, pct(s.conversion), pct(s.stepConversion),
      s.medianSecondsFromPrevious === null ? null : `${(s.medianSecondsFromPrevious / 60).toFixed(1)} min`]),
    notes: f.breakdown?.map((b) => `${b.value}: ${b.steps.map((s) => s.users).join(' → ')}`),
  };
}

export function pathsTable(p: { event: string; starts: number; followed: number; sampled: boolean; paths: { events: string[]; count: number; share: number }[] }): Table {
  return {
    title: `Paths after "${p.event}" (${p.followed} of ${p.starts} occurrences${p.sampled ? ', sampled' : ''})`,
    columns: ['share', 'count', 'path'],
    rows: p.paths.map((x) => [pct(x.share), x.count, x.events.join(' → ')]),
  };
}

export function dropoffTable(d: { courseId?: string; audience?: number; audienceKind?: string; neverStarted?: number;
  lessons?: { position: number; lessonId: string; title: string; started: number; finished: number; startedShare: number; finishedShare: number; finishRate: number; abandonedHere: number }[];
  lessonId?: string; viewers?: number; durationS?: number; curve?: { percent: number; share: number }[] }): Table {
  if (d.lessons) {
    return {
      title: `Drop-off in ${d.courseId}: ${d.audience} ${d.audienceKind}, ${d.neverStarted} never started`,
      columns: ['#', 'lesson', 'title', 'started', 'finished', 'started %', 'finished %', 'finish rate', 'stopped here'],
      rows: d.lessons.map((l) => [l.position, l.lessonId, l.title, l.started, l.finished, pct(l.startedShare), pct(l.finishedShare), pct(l.finishRate), l.abandonedHere]),
    };
  }
  return {
    title: `Audience retention in ${d.lessonId}: ${d.viewers} viewers, ${d.durationS} s`,
    columns: ['position', 'still watching'],
    rows: (d.curve ?? []).map((c) => [`${c.percent}%`, pct(c.share)]),
  };
}
