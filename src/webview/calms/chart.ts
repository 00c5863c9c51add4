// The score history as an SVG line chart: the overall score and one line per pillar over time. Colours
// come from the stylesheet (VS Code's --vscode-charts-* variables), so it follows light, dark and high
// contrast themes. For screen readers the chart has a summary, and the same numbers are in a table.
import type { ViewSnapshot } from '../protocol';
import { h, svg } from './dom';

export interface Series {
  readonly id: string;
  readonly name: string;
}

const W = 640;
const H = 220;
const M = { left: 40, right: 16, top: 12, bottom: 30 };

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function historyChart(history: readonly ViewSnapshot[], pillars: readonly Series[]): HTMLElement {
  const wrap = h('div', { class: 'chart' });
  if (history.length === 0) {
    wrap.append(h('p', { class: 'muted' }, 'No history yet. Each answer records the day’s score, and so does “Record Today’s Score”.'));
    return wrap;
  }
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const t0 = dayMs(first.date);
  const t1 = dayMs(last.date);
  const x = (date: string) => (t1 === t0 ? M.left + (W - M.left - M.right) / 2 : M.left + ((dayMs(date) - t0) / (t1 - t0)) * (W - M.left - M.right));
  const y = (score: number) => M.top + (1 - score / 100) * (H - M.top - M.bottom);

  const summary = history.length === 1
    ? `Overall score ${first.overall}% on ${first.date}, the only snapshot so far.`
    : `Overall score from ${first.overall}% on ${first.date} to ${last.overall}% on ${last.date}, ${history.length} snapshots.`;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart-svg' },
    svg('title', { id: 'chart-title' }, 'CALMS score over time'),
    svg('desc', { id: 'chart-desc' }, summary),
  );
  for (const v of [0, 25, 50, 75, 100]) {
    chart.append(
      svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }),
      svg('text', { x: M.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, `${v}%`),
    );
  }
  const xTicks = history.length === 1 ? [first] : history.length === 2 ? [first, last] : [first, history[Math.floor((history.length - 1) / 2)]!, last];
  for (const s of xTicks) {
    const anchor = history.length === 1 ? 'middle' : s === first ? 'start' : s === last ? 'end' : 'middle';
    chart.append(svg('text', { x: x(s.date), y: H - 8, class: 'tick', 'text-anchor': anchor }, s.date));
  }
  const line = (id: string, name: string, value: (s: ViewSnapshot) => number | undefined, main: boolean) => {
    const points = history.flatMap((s) => {
      const v = value(s);
      return v === undefined ? [] : [{ s, v }];
    });
    if (points.length === 0) return;
    const g = svg('g', { class: `series series-${id}${main ? ' series-main' : ''}` });
    if (points.length > 1) g.append(svg('polyline', { points: points.map((p) => `${x(p.s.date).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '), fill: 'none' }));
    for (const p of points) {
      g.append(svg('circle', { cx: x(p.s.date).toFixed(1), cy: y(p.v).toFixed(1), r: main ? 4 : 2.5 }, svg('title', {}, `${p.s.date} · ${name} ${p.v}%`)));
    }
    chart.append(g);
  };
  for (const p of pillars) line(p.id, p.name, (s) => s.pillars[p.id], false);
  line('overall', 'Overall', (s) => s.overall, true);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Chart legend' },
    h('li', {}, h('span', { class: 'swatch series-overall', 'aria-hidden': 'true' }), 'Overall'),
    ...pillars.map((p) => h('li', {}, h('span', { class: `swatch series-${p.id}`, 'aria-hidden': 'true' }), p.name)),
  );
  const table = h('table', { class: 'history-table' },
    h('caption', { class: 'visually-hidden' }, 'Score history, one row per day'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Overall'), ...pillars.map((p) => h('th', { scope: 'col' }, p.name)))),
    h('tbody', {}, ...[...history].reverse().map((s) =>
      h('tr', {}, h('th', { scope: 'row' }, s.date), h('td', {}, `${s.overall}%`), ...pillars.map((p) => h('td', {}, s.pillars[p.id] === undefined ? '–' : `${s.pillars[p.id]}%`))),
    )),
  );
  wrap.append(chart, legend, h('details', { class: 'history-details' }, h('summary', {}, 'Show the history as a table'), table));
  return wrap;
}
