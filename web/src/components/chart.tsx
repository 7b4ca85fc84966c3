/**
 * One ECharts chart (SVG renderer: crisp at any zoom, text selectable, and the numbers are in the
 * page for screen readers and tests). Every chart also carries its numbers as a table under a
 * "data" disclosure, so what is drawn can always be read exactly.
 *
 * @example
 *   <Chart label="DAU" height={280} option={{ xAxis: { type: 'category', data: days }, yAxis: {}, series: [{ type: 'line', data: dau }] }}
 *          table={{ columns: ['day', 'DAU'], rows: days.map((d, i) => [d, dau[i]]) }} />
 */
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { defineMessages, useT } from '../i18n/i18n';

echarts.use([LineChart, BarChart, HeatmapChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent,
  VisualMapComponent, DatasetComponent, MarkLineComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export const palette = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

const messages = defineMessages({
  en: { data: 'Data behind this chart' },
  zh: { data: '图表数据' },
});

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export function Chart({ option, height = 300, label, table, onClick }: {
  option: ChartOption;
  height?: number;
  /** What the chart shows, for screen readers and tests (`aria-label`). */
  label: string;
  table?: ChartTable;
  onClick?: (params: { dataIndex: number; seriesIndex?: number; value?: unknown; data?: unknown }) => void;
}) {
  const t = useT(messages);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.(p as never));
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => { resize.disconnect(); instance.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: palette, animation: false, tooltip: { trigger: 'axis' }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <figure className="chart" data-chart={label}>
      <div ref={box} role="img" aria-label={label} style={{ height }} />
      {table && table.rows.length > 0 && (
        <details className="chart-data">
          <summary>{t('data')}</summary>
          <div className="table-scroll">
            <table>
              <thead><tr>{table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
              <tbody>{table.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v}</td>)}</tr>)}</tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}
