/**
 * Association rules: "learners who bought (or finished) X also bought (finished) Y", for bundles and
 * cross-sell. Every filter lives in the URL (`/rules?basis=purchases&item=course-0007&minSupport=0.01`),
 * so a link shows the same rules. Reads `GET /v1/rules`.
 */
import { useState, type FormEvent } from 'react';
import type { NamedItem, NamedRule, RulesAnswer } from '../../../src/profiles/rules';
import { useApi } from '../api';
import { DataTable, type Column } from '../components/data-table';
import { Page, Section } from '../components/page';
import { Stat } from '../components/stat';
import { Empty, Loaded } from '../components/status';
import { defineMessages, useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';

type Rules = RulesAnswer & { item: string | null };

const messages = defineMessages({
  en: {
    title: 'Association rules', subtitle: 'What learners take together: for bundles, cross-sell and “learners also bought”.',
    filters: 'Filters', basis: 'Basket', purchases: 'Bought', completions: 'Finished courses', item: 'Antecedent contains item',
    itemPlaceholder: 'item id, e.g. course-0007', minSupport: 'Min. support', minConfidence: 'Min. confidence', minLift: 'Min. lift',
    limit: 'Rules shown', apply: 'Apply', clear: 'Clear item',
    baskets: 'Learners with a basket', itemsets: 'Frequent itemsets', minCount: 'Min. learners per rule', total: 'Matching rules',
    table: 'Association rules table', antecedent: 'If a learner has…', consequent: '…they also have', support: 'Support', confidence: 'Confidence',
    lift: 'Lift', learners: 'Learners', supportHint: 'Share of learners with a basket who have every item of the rule',
    confidenceHint: 'Of the learners with the left side, the share who also have the right side', liftHint: 'Confidence ÷ how common the right side is (above 1: more than chance)',
    noRules: 'No rules at these thresholds', noRulesHint: 'Lower the minimum support or confidence, pick another basket, or send more purchases (Order Completed events). To load the demo platform:',
    noBaskets: 'No baskets yet', noBasketsHint: 'Rules need learners with purchases (Order Completed) or finished courses. Send events, or load the demo platform:',
  },
  zh: {
    title: '关联规则', subtitle: '学员会一起购买或学完哪些内容：用于组合售卖、交叉推荐与“买了还买”。',
    filters: '筛选', basis: '篮子', purchases: '购买', completions: '学完的课程', item: '前项包含内容',
    itemPlaceholder: '内容 id，如 course-0007', minSupport: '最小支持度', minConfidence: '最小置信度', minLift: '最小提升度',
    limit: '显示条数', apply: '应用', clear: '清除内容',
    baskets: '有篮子的学员', itemsets: '频繁项集', minCount: '每条规则最少学员数', total: '符合条件的规则',
    table: '关联规则表', antecedent: '学员有…', consequent: '…也会有', support: '支持度', confidence: '置信度',
    lift: '提升度', learners: '学员数', supportHint: '有篮子的学员中同时拥有规则全部内容的比例',
    confidenceHint: '拥有左侧内容的学员中，也拥有右侧内容的比例', liftHint: '置信度 ÷ 右侧内容的普遍程度（大于 1 即高于随机）',
    noRules: '在这些阈值下没有规则', noRulesHint: '降低最小支持度或置信度、换一种篮子，或发送更多购买事件（Order Completed）。加载演示平台：',
    noBaskets: '还没有篮子', noBasketsHint: '规则需要有购买（Order Completed）或学完课程的学员。发送事件，或加载演示平台：',
  },
});

const demoCommand = 'npx learnloop demo --users 1000 --days 90';

/** A number from the query string, or the default when absent or not a number in range. */
function numberParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = Number(query.get(name));
  return query.has(name) && Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

export function RulesPage() {
  const t = useT(messages);
  const query = useQuery();
  const basis = query.get('basis') === 'completions' ? 'completions' : 'purchases';
  const item = query.get('item') ?? '';
  const minSupport = numberParam(query, 'minSupport', 0.005, 0.0001, 1);
  const minConfidence = numberParam(query, 'minConfidence', 0.1, 0, 1);
  const minLift = query.has('minLift') ? numberParam(query, 'minLift', 0, 0, 1e6) : undefined;
  const limit = numberParam(query, 'limit', 50, 1, 1000);
  const rules = useApi<Rules>('/v1/rules', { basis, item: item || undefined, minSupport, minConfidence, minLift, limit });

  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <Section wide title={t('filters')}>
        <Filters key={query.toString()} basis={basis} item={item} minSupport={minSupport} minConfidence={minConfidence} minLift={minLift} limit={limit} />
      </Section>
      <Loaded state={rules}>{(r) => <RulesView rules={r} />}</Loaded>
    </Page>
  );
}

function Filters(props: { basis: string; item: string; minSupport: number; minConfidence: number; minLift?: number; limit: number }) {
  const t = useT(messages);
  const [item, setItem] = useState(props.item);
  const [minSupport, setMinSupport] = useState(String(props.minSupport));
  const [minConfidence, setMinConfidence] = useState(String(props.minConfidence));
  const [minLift, setMinLift] = useState(props.minLift === undefined ? '' : String(props.minLift));
  const [limit, setLimit] = useState(String(props.limit));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ item: item.trim(), minSupport, minConfidence, minLift, limit }, { push: true });
  };
  return (
    <form className="rules-filters" onSubmit={submit}>
      <div className="segmented" role="group" aria-label={t('basis')}>
        {(['purchases', 'completions'] as const).map((b) => (
          <button key={b} type="button" aria-pressed={props.basis === b} onClick={() => setQuery({ basis: b === 'purchases' ? undefined : b }, { push: true })}>{t(b)}</button>
        ))}
      </div>
      <label>{t('item')} <input name="item" value={item} placeholder={t('itemPlaceholder')} onChange={(e) => setItem(e.target.value)} /></label>
      <label>{t('minSupport')} <input name="minSupport" type="number" min="0.0001" max="1" step="0.001" value={minSupport} onChange={(e) => setMinSupport(e.target.value)} /></label>
      <label>{t('minConfidence')} <input name="minConfidence" type="number" min="0" max="1" step="0.05" value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} /></label>
      <label>{t('minLift')} <input name="minLift" type="number" min="0" step="0.5" value={minLift} onChange={(e) => setMinLift(e.target.value)} /></label>
      <label>{t('limit')} <input name="limit" type="number" min="1" max="1000" step="10" value={limit} onChange={(e) => setLimit(e.target.value)} /></label>
      <button type="submit" className="primary">{t('apply')}</button>
      {props.item && <button type="button" className="secondary" onClick={() => setQuery({ item: undefined }, { push: true })}>{t('clear')}</button>}
    </form>
  );
}

function Items({ items }: { items: NamedItem[] }) {
  return (
    <span className="rule-items">
      {items.map((it) => (
        <a key={it.id} href={`/rules?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(location.search)), item: it.id })}`} title={it.id}>
          {it.title ?? it.id}
        </a>
      ))}
    </span>
  );
}

function RulesView({ rules }: { rules: Rules }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  if (rules.baskets === 0) return <Empty title={t('noBaskets')} hint={t('noBasketsHint')} command={demoCommand} />;
  const columns: Column<NamedRule>[] = [
    { key: 'antecedent', label: t('antecedent'), value: (r) => r.antecedent.map((i) => i.title ?? i.id).join(' + '), show: (r) => <Items items={r.antecedent} /> },
    { key: 'consequent', label: `→ ${t('consequent')}`, value: (r) => r.consequent.map((i) => i.title ?? i.id).join(' + '), show: (r) => <Items items={r.consequent} /> },
    { key: 'support', label: t('support'), title: t('supportHint'), numeric: true, value: (r) => r.support, show: (r) => fmt.percent(r.support, 2) },
    { key: 'confidence', label: t('confidence'), title: t('confidenceHint'), numeric: true, value: (r) => r.confidence, show: (r) => fmt.percent(r.confidence, 1) },
    { key: 'lift', label: t('lift'), title: t('liftHint'), numeric: true, value: (r) => r.lift, show: (r) => fmt.number(r.lift, 2) },
    { key: 'count', label: t('learners'), numeric: true, value: (r) => r.count, show: (r) => fmt.number(r.count) },
  ];
  return (
    <>
      <div className="stats">
        <Stat label={t('baskets')} value={fmt.number(rules.baskets)} />
        <Stat label={t('itemsets')} value={fmt.number(rules.frequentItemsets)} />
        <Stat label={t('minCount')} value={fmt.number(rules.minCount)} />
        <Stat label={t('total')} value={fmt.number(rules.total)} />
      </div>
      <Section wide title={t('table')}>
        {rules.rules.length === 0
          ? <Empty title={t('noRules')} hint={t('noRulesHint')} command={demoCommand} />
          : <DataTable label={t('table')} rows={rules.rules} columns={columns} initialSort={{ key: 'lift', descending: true }}
              rowKey={(r) => `${r.antecedent.map((i) => i.id).join('+')}→${r.consequent.map((i) => i.id).join('+')}`} />}
      </Section>
    </>
  );
}
