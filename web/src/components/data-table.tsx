/**
 * A sortable table. Columns say how to show and how to sort a row; a row may link somewhere.
 *
 * @example
 *   <DataTable rows={items} rowKey={(r) => r.id} columns={[
 *     { key: 'title', label: t('title'), value: (r) => r.title },
 *     { key: 'score', label: t('score'), value: (r) => r.score, show: (r) => fmt.number(r.score, 2), numeric: true },
 *   ]} href={(r) => `/quality/${r.id}`} />
 */
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<R> {
  key: string;
  label: ReactNode;
  /** The sortable value. */
  value: (row: R) => string | number | null | undefined;
  /** How to show it (default: the value as text). */
  show?: (row: R) => ReactNode;
  numeric?: boolean;
  title?: string;
}

export function DataTable<R>({ rows, columns, rowKey, href, initialSort, label, maxRows }: {
  rows: readonly R[];
  columns: readonly Column<R>[];
  rowKey: (row: R) => string;
  /** Makes the first cell a link. */
  href?: (row: R) => string;
  initialSort?: { key: string; descending?: boolean };
  label?: string;
  maxRows?: number;
}) {
  const [sort, setSort] = useState(initialSort);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    if (!column) return rows;
    const dir = sort?.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
  }, [rows, columns, sort]);
  const shown = maxRows ? sorted.slice(0, maxRows) : sorted;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined} title={c.title}
                aria-sort={sort?.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort" onClick={() => setSort({ key: c.key, descending: sort?.key === c.key ? !sort.descending : !!c.numeric })}>
                  {c.label}{sort?.key === c.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c, i) => {
                const content = c.show ? c.show(row) : String(c.value(row) ?? '—');
                return <td key={c.key} className={c.numeric ? 'num' : undefined}>{i === 0 && href ? <a href={href(row)}>{content}</a> : content}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
