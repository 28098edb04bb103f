// Charts drawn as inline SVG, each with a text alternative.

import { h, s, nextId } from './dom.js';
import { number, percent, processed, shortDay } from './format.js';

/** Active subscribers per day (line) over opt-ins (up) and opt-outs (down) per day. */
export function growthChart(days) {
  // A narrower drawing on a phone keeps the labels readable once scaled to the screen.
  const width = window.innerWidth < 600 ? 380 : 640;
  const top = 16;
  const lineHeight = 110;
  const gap = 18;
  const barHeight = 70;
  const left = 44;
  const right = 8;
  const height = top + lineHeight + gap + barHeight + 24;
  const plotWidth = width - left - right;
  const step = plotWidth / Math.max(days.length, 1);
  const x = (i) => left + step * i + step / 2;

  const actives = days.map((d) => d.active);
  const maxActive = Math.max(...actives, 1);
  const minActive = Math.min(...actives, maxActive);
  const spread = Math.max(maxActive - minActive, 1);
  const lineY = (v) => top + lineHeight - ((v - minActive) / spread) * (lineHeight - 8);
  const points = days.map((d, i) => `${x(i).toFixed(1)},${lineY(d.active).toFixed(1)}`);
  const area = `${left + step / 2},${top + lineHeight} ${points.join(' ')} ${x(days.length - 1).toFixed(1)},${top + lineHeight}`;

  const maxChange = Math.max(...days.map((d) => Math.max(d.optIns, d.optOuts)), 1);
  const baseline = top + lineHeight + gap + barHeight / 2;
  const barScale = (barHeight / 2 - 2) / maxChange;
  const barWidth = Math.max(Math.min(step * 0.6, 14), 2);

  const titleId = nextId('growth-title');
  const descId = nextId('growth-desc');
  const last = days[days.length - 1];
  const totalIn = days.reduce((sum, d) => sum + d.optIns, 0);
  const totalOut = days.reduce((sum, d) => sum + d.optOuts, 0);

  const labels = [0, Math.floor((days.length - 1) / 2), days.length - 1]
    .filter((i, index, all) => all.indexOf(i) === index)
    .map((i) => {
      const anchor = i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle';
      const at = anchor === 'start' ? left : anchor === 'end' ? width - right : x(i);
      return s('text', { x: at, y: height - 6, class: 'axis-label', 'text-anchor': anchor }, shortDay(days[i].date));
    });

  return s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart growth-chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    s('title', { id: titleId }, `Iscritti attivi negli ultimi ${days.length} giorni`),
    s('desc', { id: descId },
      `Oggi ${number(last?.active)} iscritti attivi; nel periodo ${number(totalIn)} iscrizioni e ${number(totalOut)} cancellazioni.`),
    s('text', { x: left - 6, y: lineY(maxActive) + 4, class: 'axis-label', 'text-anchor': 'end' }, number(maxActive)),
    s('text', { x: left - 6, y: lineY(minActive) + 4, class: 'axis-label', 'text-anchor': 'end' }, number(minActive)),
    s('polygon', { points: area, class: 'growth-area' }),
    s('polyline', { points: points.join(' '), class: 'growth-line' }),
    s('line', { x1: left, x2: width - right, y1: baseline, y2: baseline, class: 'baseline' }),
    s('text', { x: left - 6, y: baseline - barHeight / 2 + 10, class: 'axis-label', 'text-anchor': 'end' }, `+${number(maxChange)}`),
    s('text', { x: left - 6, y: baseline + barHeight / 2, class: 'axis-label', 'text-anchor': 'end' }, `−${number(maxChange)}`),
    days.map((d, i) => [
      d.optIns > 0 ? s('rect', { x: x(i) - barWidth / 2, y: baseline - d.optIns * barScale, width: barWidth, height: d.optIns * barScale, class: 'bar-in' }) : null,
      d.optOuts > 0 ? s('rect', { x: x(i) - barWidth / 2, y: baseline, width: barWidth, height: d.optOuts * barScale, class: 'bar-out' }) : null,
    ]),
    labels);
}

/** The same figures as a table, for screen readers and for whoever wants the numbers. */
export function growthTable(days) {
  return h('details', { class: 'chart-data' },
    h('summary', {}, 'Dati del grafico'),
    h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Iscrizioni e cancellazioni per giorno'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Giorno'), h('th', { scope: 'col' }, 'Iscrizioni'), h('th', { scope: 'col' }, 'Cancellazioni'), h('th', { scope: 'col' }, 'Iscritti attivi'))),
      h('tbody', {}, [...days].reverse().map((d) =>
        h('tr', {}, h('th', { scope: 'row' }, shortDay(d.date)), h('td', {}, number(d.optIns)), h('td', {}, number(d.optOuts)), h('td', {}, number(d.active)))))));
}

/** A half-circle gauge of the week's campaigns: used of limit. */
export function quotaGauge(used, limit) {
  const ratio = limit > 0 ? Math.min(used / limit, 1) : 1;
  const cx = 100;
  const cy = 100;
  const r = 80;
  const point = (t) => {
    const angle = Math.PI * (1 - t);
    return `${(cx + r * Math.cos(angle)).toFixed(2)} ${(cy - r * Math.sin(angle)).toFixed(2)}`;
  };
  const level = ratio >= 1 ? 'full' : ratio >= 0.7 ? 'high' : 'ok';
  return s('svg', { viewBox: '0 0 200 120', class: `chart gauge gauge-${level}`, role: 'img', 'aria-label': `${number(used)} campagne su ${number(limit)} usate questa settimana` },
    s('path', { d: `M ${point(0)} A ${r} ${r} 0 0 1 ${point(1)}`, class: 'gauge-track' }),
    ratio > 0 ? s('path', { d: `M ${point(0)} A ${r} ${r} 0 0 1 ${point(ratio)}`, class: 'gauge-fill' }) : null,
    s('text', { x: cx, y: cy - 8, 'text-anchor': 'middle', class: 'gauge-value' }, `${number(used)}/${number(limit)}`),
    s('text', { x: cx, y: cy + 14, 'text-anchor': 'middle', class: 'gauge-caption' }, 'campagne usate'));
}

/** Recipients, sent, delivered, read: narrowing bars of one campaign. */
export function funnelChart(counts) {
  const steps = [
    ['Destinatari', counts.audience, 'funnel-audience'],
    ['Inviati', counts.sent, 'funnel-sent'],
    ['Consegnati', counts.delivered, 'funnel-delivered'],
    ['Letti', counts.read, 'funnel-read'],
  ];
  const width = 900;
  const rowHeight = 44;
  const labelWidth = 130;
  const valueWidth = 130;
  const plot = width - labelWidth - valueWidth;
  const whole = Math.max(counts.audience, 1);
  return s('svg', { viewBox: `0 0 ${width} ${rowHeight * steps.length}`, class: 'chart funnel', role: 'img', 'aria-label': steps.map(([label, value]) => `${label} ${number(value)}`).join(', ') },
    steps.map(([label, value, css], i) => {
      const w = Math.max((value / whole) * plot, value > 0 ? 2 : 0);
      const y = i * rowHeight;
      return [
        s('text', { x: 0, y: y + rowHeight / 2 + 5, class: 'funnel-label' }, label),
        s('rect', { x: labelWidth, y: y + 6, width: plot, height: rowHeight - 12, class: 'funnel-track', rx: 4 }),
        w > 0 ? s('rect', { x: labelWidth + (plot - w) / 2, y: y + 6, width: w, height: rowHeight - 12, class: css, rx: 4 }) : null,
        s('text', { x: width, y: y + rowHeight / 2 + 5, 'text-anchor': 'end', class: 'funnel-value' }, `${number(value)} (${percent(value, counts.audience)} %)`),
      ];
    }));
}

/** A progress bar of messages no longer pending. */
export function progressBar(campaign, { label } = {}) {
  const counts = campaign.counts;
  const done = processed(counts);
  const value = campaign.status === 'completed' && counts.audience === 0 ? 100 : percent(done, counts.audience);
  const bar = h('div', { class: 'progress-fill' });
  bar.style.width = `${value}%`;
  return h('div', {
    class: ['progress', campaign.status === 'cancelled' || campaign.status === 'failed' ? 'progress-stopped' : null],
    role: 'progressbar',
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'aria-valuenow': value,
    'aria-valuetext': `${value} %: ${number(done)} di ${number(counts.audience)} messaggi elaborati`,
    'aria-label': label ?? `Avanzamento di ${campaign.title}`,
  }, bar);
}
