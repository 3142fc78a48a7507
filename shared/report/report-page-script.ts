// The script that draws the HTML report's trend charts with the inlined Chart.js (global `Chart`),
// from the JSON in <script type="application/json" id="trend-data">. Browser JavaScript kept as
// text: the page carries it inline. No animation, so a chart is complete as soon as it is drawn
// (and a screenshot shows it); `data-charts="drawn"` on <html> says the charts are there.
export const REPORT_PAGE_SCRIPT = `(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('trend-data').textContent);
  const common = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { position: 'bottom', labels: { color: '#1b1b1b' } } },
  };
  const axes = (stacked) => ({
    x: { stacked, ticks: { color: '#1b1b1b' }, grid: { color: '#e4e4e4' } },
    y: { stacked, beginAtZero: true, ticks: { precision: 0, color: '#1b1b1b' }, grid: { color: '#e4e4e4' } },
  });
  new Chart(document.getElementById('chart-violations'), {
    type: 'line',
    data: {
      labels: data.nights,
      datasets: [
        { label: 'Pods violating the enforce level in place', data: data.violatingPods, borderColor: '#D55E00', backgroundColor: '#D55E00', pointStyle: 'circle', pointRadius: 4, spanGaps: false },
        { label: 'Workloads blocking a target', data: data.blockingWorkloads, borderColor: '#0072B2', backgroundColor: '#0072B2', pointStyle: 'rectRot', pointRadius: 5, borderDash: [6, 3], spanGaps: false },
      ],
    },
    options: { ...common, scales: axes(false) },
  });
  new Chart(document.getElementById('chart-states'), {
    type: 'bar',
    data: {
      labels: data.nights,
      datasets: data.states.map((state) => ({ label: state.name, data: state.counts, backgroundColor: state.colour, borderColor: '#1b1b1b', borderWidth: 1 })),
    },
    options: { ...common, scales: axes(true) },
  });
  document.documentElement.dataset.charts = 'drawn';
})();
`;
