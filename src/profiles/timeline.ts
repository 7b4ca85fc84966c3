/**
 * A learner's recent timeline, readable in zh and en: the last events before `asOf`, newest first,
 * with item titles ("Bought “Python 数据分析入门” (¥99)"), local times, and runs of heartbeats of one
 * lesson folded into one line ("Watched … for 12 min").
 *
 * @example
 *   const t = await recentTimeline(db, 'default', 'u000042', { asOf: Date.now(), timezone: 'Asia/Shanghai', limit: 20 });
 *   t[0]; // { at: '2026-05-30T12:31:00.000Z', local: '2026-05-30 20:31', event: 'Lesson Completed', itemId: '…', text: { zh: '学完《…》', en: 'Finished “…”' } }
 */
import type { Kysely } from 'kysely';
import { jsonText } from '../analytics/sql-time.js';
import type { Database } from '../store/schema.js';
import { heartbeatSeconds } from './interest-strength.js';
import { LocalClock } from './local-days.js';

export interface TimelineEntry {
  at: string;
  /** Local time in the project's time zone, YYYY-MM-DD HH:mm. */
  local: string;
  event: string;
  itemId: string | null;
  text: { zh: string; en: string };
}

export interface TimelineOptions {
  asOf: number;
  timezone: string;
  limit: number;
  /** With `asOf`, a page boundary: events at exactly `asOf` with a smaller sequence number are included too. */
  beforeSeq?: number;
}

/** One page of the timeline and where the next (older) page starts; null when none is left. */
export interface TimelinePage {
  entries: TimelineEntry[];
  next: { timestamp: number; seq: number } | null;
}

interface Row {
  seq: number;
  timestamp: number;
  type: string;
  event: string | null;
  item_id: string | null;
  value: number | null;
  detail: string | null;
}

/** Heartbeats are most of the log: read this many raw events per entry wanted before folding. */
const rawPerEntry = 20;

export async function recentTimeline(db: Kysely<Database>, projectId: string, userId: string, o: TimelineOptions): Promise<TimelineEntry[]> {
  return (await timelinePage(db, projectId, userId, o)).entries;
}

/**
 * A page of the timeline, newest first, and the cursor of the next one: the oldest raw event the
 * page read, so a run of heartbeats is never split and counted on two pages.
 *
 * @example
 *   const first = await timelinePage(db, 'default', 'u000042', { asOf: Date.now(), timezone: 'UTC', limit: 50 });
 *   const older = first.next && await timelinePage(db, 'default', 'u000042', { asOf: first.next.timestamp, beforeSeq: first.next.seq, timezone: 'UTC', limit: 50 });
 */
export async function timelinePage(db: Kysely<Database>, projectId: string, userId: string, o: TimelineOptions): Promise<TimelinePage> {
  const fetched = o.limit * rawPerEntry;
  const rows: Row[] = (await db.selectFrom('events')
    .select((eb) => ['seq', 'timestamp', 'type', 'event', 'item_id', 'value', eb.case()
      .when('event', '=', 'Item Searched').then(jsonText(eb.ref('properties'), ['query']))
      .when('type', 'in', ['page', 'screen']).then(eb.ref('event'))
      .end().as('detail')])
    .where('project_id', '=', projectId).where('user_id', '=', userId)
    .where((eb) => o.beforeSeq === undefined ? eb('timestamp', '<', o.asOf)
      : eb.or([eb('timestamp', '<', o.asOf), eb.and([eb('timestamp', '=', o.asOf), eb('seq', '<', o.beforeSeq)])]))
    .where('type', '<>', 'identify')
    .orderBy('timestamp', 'desc').orderBy('seq', 'desc').limit(fetched).execute())
    .map((r) => ({ ...r, seq: Number(r.seq), timestamp: Number(r.timestamp), detail: r.detail === null ? null : String(r.detail) }));

  const folded: { row: Row; minutes: number }[] = [];
  let consumed = 0;
  for (const r of rows) {
    const last = folded[folded.length - 1];
    if (r.event === 'Lesson Progress' && last?.row.event === 'Lesson Progress' && last.row.item_id === r.item_id) {
      last.minutes += heartbeatSeconds(r.value) / 60;
      consumed++;
      continue;
    }
    if (folded.length === o.limit) break;
    folded.push({ row: r, minutes: r.event === 'Lesson Progress' ? heartbeatSeconds(r.value) / 60 : 0 });
    consumed++;
  }
  const oldest = rows[consumed - 1];
  const more = consumed < rows.length || rows.length === fetched;
  const next = more && oldest ? { timestamp: oldest.timestamp, seq: oldest.seq } : null;

  const seqs = folded.filter((f) => f.row.event === 'Order Completed' || f.row.event === 'Order Refunded').map((f) => f.row.seq);
  const products = new Map<number, string[]>();
  if (seqs.length > 0) {
    for (const p of await db.selectFrom('order_items').select(['event_seq', 'item_id']).where('project_id', '=', projectId).where('event_seq', 'in', seqs).execute()) {
      const list = products.get(Number(p.event_seq)) ?? [];
      list.push(p.item_id);
      products.set(Number(p.event_seq), list);
    }
  }
  const ids = new Set<string>();
  for (const f of folded) if (f.row.item_id !== null) ids.add(f.row.item_id);
  for (const list of products.values()) for (const id of list) ids.add(id);
  const titles = await itemTitles(db, projectId, [...ids]);
  const clock = new LocalClock(o.timezone);
  const entries = folded.map(({ row, minutes }) => {
    const items = products.get(row.seq) ?? (row.item_id !== null ? [row.item_id] : []);
    const at = new Date(row.timestamp);
    return {
      at: at.toISOString(),
      local: new Date(row.timestamp + clock.offsetAt(row.timestamp)).toISOString().slice(0, 16).replace('T', ' '),
      event: row.type === 'track' ? row.event ?? row.type : row.type,
      itemId: row.item_id,
      text: describe(row, minutes, items.map((id) => titles.get(id) ?? { zh: id, en: id })),
    };
  });
  return { entries, next };
}

/** Titles as they read in a sentence; a lesson is named with its course. */
async function itemTitles(db: Kysely<Database>, projectId: string, ids: string[]): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('items as i').leftJoin('items as c', (j) => j.onRef('c.project_id', '=', 'i.project_id').onRef('c.item_id', '=', 'i.parent_id'))
    .select(['i.item_id', 'i.title', 'c.title as course']).where('i.project_id', '=', projectId).where('i.item_id', 'in', ids.slice(0, 500)).execute();
  for (const r of rows) {
    out.set(r.item_id, r.course === null
      ? { zh: `《${r.title}》`, en: `“${r.title}”` }
      : { zh: `《${r.course}》${r.title}`, en: `“${r.course}” · ${r.title}` });
  }
  for (const id of ids) if (!out.has(id)) out.set(id, { zh: id, en: id });
  return out;
}

function describe(r: Row, minutes: number, items: { zh: string; en: string }[]): { zh: string; en: string } {
  const zh = items.map((t) => t.zh).join('、');
  const en = items.map((t) => t.en).join(', ');
  const money = r.value !== null ? `¥${Math.round(r.value * 100) / 100}` : '';
  if (r.type === 'page' || r.type === 'screen') return { zh: `打开页面 ${r.detail ?? ''}`.trim(), en: `Opened ${r.detail ?? 'a page'}` };
  switch (r.event) {
    case 'Order Completed': return { zh: `购买 ${zh}（${money}）`, en: `Bought ${en} (${money})` };
    case 'Order Refunded': return { zh: `退款 ${zh}（${money}）`, en: `Refunded ${en} (${money})` };
    case 'Lesson Started': return { zh: `开始学习 ${zh}`, en: `Started ${en}` };
    case 'Lesson Progress': {
      const m = Math.max(1, Math.round(minutes));
      return { zh: `学习 ${zh} ${m} 分钟`, en: `Watched ${en} for ${m} min` };
    }
    case 'Lesson Completed': return { zh: `学完 ${zh}`, en: `Finished ${en}` };
    case 'Item Viewed': return { zh: `浏览 ${zh}`, en: `Viewed ${en}` };
    case 'Item Rated': return { zh: `给 ${zh} 打了 ${r.value ?? '?'} 分`, en: `Rated ${en} ${r.value ?? '?'}/5` };
    case 'Review Posted': return { zh: `评价了 ${zh}`, en: `Reviewed ${en}` };
    case 'Item Bookmarked': return { zh: `收藏 ${zh}`, en: `Bookmarked ${en}` };
    case 'Item Shared': return { zh: `分享 ${zh}`, en: `Shared ${en}` };
    case 'Item Searched': return { zh: `搜索“${r.detail ?? ''}”`, en: `Searched for “${r.detail ?? ''}”` };
    case 'Quiz Submitted': return { zh: `提交测验，得分 ${r.value ?? '?'}`, en: `Submitted a quiz: ${r.value ?? '?'} points` };
    case 'Question Asked': return { zh: `提问${zh ? `（${zh}）` : ''}`, en: `Asked a question${en ? ` on ${en}` : ''}` };
    case 'Answer Posted': return { zh: '回答了一个问题', en: 'Answered a question' };
    case 'Signed In': return { zh: '登录', en: 'Signed in' };
    case 'Subscription Started': return { zh: '开通会员', en: 'Started a membership' };
    case 'Subscription Cancelled': return { zh: '取消会员', en: 'Cancelled the membership' };
    case 'Recommendation Clicked': return { zh: `点击推荐 ${zh}`, en: `Clicked the recommended ${en}` };
    case 'Recommendation Dismissed': return { zh: `忽略推荐 ${zh}`, en: `Dismissed the recommended ${en}` };
    case 'Recommendation Shown': return { zh: '看到推荐列表', en: 'Was shown recommendations' };
    case 'Notification Sent': return { zh: '收到推送', en: 'Was sent a push' };
    case 'Notification Opened': return { zh: '打开推送', en: 'Opened a push' };
    case 'Survey Answered': return { zh: `回答问卷，${r.value ?? '?'} 分`, en: `Answered a survey: ${r.value ?? '?'}` };
    default: return { zh: `${r.event ?? r.type}${zh ? ` ${zh}` : ''}`, en: `${r.event ?? r.type}${en ? ` ${en}` : ''}` };
  }
}
