/**
 * The quality report as plain text for a terminal: what to fix first (the strongest findings with
 * their actions), then the items with score, confidence, evidence and their weakest component.
 *
 * @example
 *   process.stdout.write(qualityText(report, { type: 'course', sort: '-score', limit: 20, lang: 'en' }));
 */
import { sortItems, type QualitySort } from './item-sort.js';
import { byStrength } from './findings.js';
import { summary, type QualityReport } from './report.js';

export interface QualityTextOptions {
  type: string;
  category?: string;
  sort: QualitySort;
  limit: number;
  lang: 'zh' | 'en';
}

const labels = {
  en: { fix: 'What to fix first', items: 'Items', none: 'No findings.', asOf: 'data up to', weakest: 'weakest', of: 'of' },
  zh: { fix: '优先改进', items: '条目', none: '没有发现问题。', asOf: '数据截至', weakest: '最弱项', of: '共' },
};

export function qualityText(report: QualityReport, o: QualityTextOptions): string {
  const t = labels[o.lang];
  const items = report.items.filter((it) => it.type === o.type && (o.category === undefined || it.category === o.category));
  const titles = new Map(report.items.map((it) => [it.itemId, it.title]));
  const lines: string[] = [`${o.type} quality — ${t.asOf} ${report.asOf.slice(0, 10)}, ${items.length} items`, ''];

  // Each finding once, even when it sits on a lesson and on its course.
  const seen = new Set<string>();
  const findings = items.flatMap((it) => it.findings).filter((f) => {
    const key = `${f.kind}\u0000${f.itemId}`;
    return !seen.has(key) && seen.add(key);
  }).sort(byStrength);
  lines.push(`${t.fix}:`);
  if (findings.length === 0) lines.push(`  ${t.none}`);
  findings.slice(0, o.limit).forEach((f, k) => {
    lines.push(`  ${String(k + 1).padStart(2)}. [${f.severity}] ${f.itemId} ${clip(titles.get(f.itemId) ?? '', 24)}`);
    lines.push(`      ${f.message[o.lang]}`);
    lines.push(`      → ${f.action[o.lang]}`);
  });
  lines.push('', `${t.items} (${Math.min(o.limit, items.length)} ${t.of} ${items.length}, sort ${o.sort}):`);
  const rows = sortItems(items.map(summary), o.sort).slice(0, o.limit).map((it) => {
    const comps = Object.entries(it.components).filter(([, c]) => c!.evidence > 0);
    const weakest = comps.sort((a, b) => a[1]!.score - b[1]!.score)[0];
    return [
      it.itemId, clip(titles.get(it.itemId) ?? '', 28), it.score.toFixed(1), it.confidence.toFixed(2),
      weakest ? `${weakest[0]} ${weakest[1]!.score.toFixed(0)}` : '-', String(it.findings.length),
    ];
  });
  lines.push(...table(['item', 'title', 'score', 'conf', t.weakest, 'findings'], rows));
  return lines.join('\n') + '\n';
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function clip(s: string, max: number): string {
  if (width(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]!))));
  const pad = (s: string, c: number) => s + ' '.repeat(widths[c]! - width(s));
  return [header, ...rows].map((r) => '  ' + r.map(pad).join('  ').trimEnd());
}
