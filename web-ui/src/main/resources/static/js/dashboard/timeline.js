// The day so far (Chart.js, global Chart): businesses closed and partly open on the left axis;
// workers, students and the crowd estimate with its range on the right. The same figures are in a
// table for screen readers and for anyone who prefers numbers.

import { h } from '../dom.js';
import { formatCount, formatShortTime } from '../format.js';
import { locale, t } from '../i18n.js';

function cssColour(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLElement} tableBody the <tbody> of the table version
 * @param {HTMLElement} summary a short sentence describing the chart
 */
export function createTimeline(canvas, tableBody, summary) {
  const Chart = globalThis.Chart;
  let chart = null;
  let timeZone;
  let loaded = { points: [] }; // the last timeline answer
  let live = null; // the figures of the tally shown now, drawn as the last point

  function build() {
    const text = cssColour('--text', '#1b1b1b');
    const grid = cssColour('--border', '#c9c9c3');
    const line = (label, colour, axis, extra = {}) => ({
      label, borderColor: colour, backgroundColor: colour, yAxisID: axis, data: [],
      pointRadius: 0, borderWidth: 2, tension: 0.2, ...extra,
    });
    const crowd = cssColour('--crowd', '#1f5fa8');
    return new Chart(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          line(t('timeline.line.closed'), cssColour('--closed', '#a3191f'), 'businesses'),
          line(t('timeline.line.partial'), cssColour('--partial', '#8a4b00'), 'businesses', { borderDash: [6, 4] }),
          line(t('timeline.line.workers'), cssColour('--walkout', '#6a3d9a'), 'people'),
          line(t('timeline.line.students'), cssColour('--students', '#00695c'), 'people', { borderDash: [2, 3] }),
          line(t('timeline.line.crowdLow'), crowd, 'people', { borderWidth: 0, pointRadius: 0, fill: false, hiddenInLegend: true }),
          line(t('timeline.line.crowdRange'), `${crowd}33`, 'people', { borderWidth: 0, fill: '-1', hiddenInLegend: true, band: true }),
          line(t('timeline.line.crowd'), crowd, 'people'),
        ],
      },
      options: {
        animation: false,
        locale: locale(),
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        color: text,
        plugins: {
          legend: { labels: { color: text, filter: (item, data) => !data.datasets[item.datasetIndex].hiddenInLegend } },
          tooltip: { filter: (item) => !item.dataset.band },
        },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
          businesses: {
            position: 'left', beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid },
            title: { display: true, text: t('timeline.axis.businesses'), color: text },
          },
          people: {
            position: 'right', beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { drawOnChartArea: false },
            title: { display: true, text: t('timeline.axis.people'), color: text },
          },
        },
      },
    });
  }

  return {
    setTimeZone(zone) {
      timeZone = zone;
    },
    /** Shows a timeline answer: {points:[{at, closed, partial, workers, students, crowdEstimate, crowdLow, crowdHigh}]}. */
    show(timeline) {
      loaded = timeline ?? { points: [] };
      render();
    },
    /** The tally shown now: the chart ends with it, between two reads of the timeline. */
    setLive(tally) {
      live = tally?.at ? {
        at: tally.at, closed: tally.businesses?.closed ?? 0, partial: tally.businesses?.partial ?? 0,
        open: tally.businesses?.open ?? 0, workplaces: tally.walkouts?.workplaces ?? 0,
        workers: tally.walkouts?.workers ?? 0, students: tally.walkouts?.students ?? 0,
        crowdEstimate: tally.crowd?.estimate ?? 0, crowdLow: tally.crowd?.low ?? 0, crowdHigh: tally.crowd?.high ?? 0,
      } : null;
      render();
    },
    clear() {
      loaded = { points: [] };
      live = null;
      render();
    },
  };

  function render() {
    const points = Array.isArray(loaded?.points) ? [...loaded.points] : [];
    if (live && (points.length === 0 || Date.parse(live.at) > Date.parse(points.at(-1).at))) points.push(live);
    // Buckets under a minute (a compressed day) need the seconds to tell the points apart.
    const step = points.length > 1 ? Date.parse(points[1].at) - Date.parse(points[0].at) : 60_000;
    const seconds = step < 60_000;
    const labels = points.map((p) => formatShortTime(p.at, timeZone, { seconds }));
    const last = points.at(-1);
    summary.textContent = last
      ? t('timeline.summary', {
        time: formatShortTime(last.at, timeZone, { seconds }), closed: last.closed, workers: last.workers,
        students: last.students, crowd: last.crowdEstimate,
      })
      : t('timeline.none');
    canvas.setAttribute('aria-label', t('timeline.chartName', { summary: summary.textContent }));
    canvas.dataset.points = String(points.length);
    tableBody.replaceChildren(...points.map((p) => h('tr', {},
      h('th', { scope: 'row' }, formatShortTime(p.at, timeZone, { seconds })),
      ...[p.closed, p.partial, p.workers, p.students, p.crowdEstimate].map((v) => h('td', {}, formatCount(v))),
      h('td', {}, `${formatCount(p.crowdLow)}–${formatCount(p.crowdHigh)}`))));
    if (!Chart) return;
    chart ??= build();
    const series = [
      points.map((p) => p.closed), points.map((p) => p.partial), points.map((p) => p.workers),
      points.map((p) => p.students), points.map((p) => p.crowdLow), points.map((p) => p.crowdHigh),
      points.map((p) => p.crowdEstimate),
    ];
    chart.data.labels = labels;
    series.forEach((data, i) => { chart.data.datasets[i].data = data; });
    chart.update('none');
  }
}
