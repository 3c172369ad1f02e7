/* Pareto page: accuracy against a cost, the non-dominated candidates highlighted; a click opens the candidate. */
'use strict';
(function () {
  const A = window.archlab;
  const el = document.getElementById('chart-pareto');
  if (!el) {
    return;
  }
  const f = A.data(el);
  const chart = A.chart(el);
  const log = f.axis !== 'latency';
  function point(p) {
    return { value: [p.x, p.y], cid: p.id, name: p.name, feasible: p.feasible };
  }
  function xText(v) {
    return f.axis === 'latency' ? Number(v).toFixed(2) + ' ms' : A.count(v);
  }
  chart.setOption({
    animation: false,
    grid: { left: 64, right: 28, top: 36, bottom: 56 },
    legend: { top: 0, data: ['non-dominated', 'dominated'] },
    tooltip: A.tooltip(function (p) {
      return p.data.name + '\n' + f.axisLabel + ': ' + xText(p.data.value[0]) + '\nscreening accuracy: '
        + A.pct(p.data.value[1]) + (p.data.feasible ? '' : '\n(not within the budget)');
    }),
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'inside', yAxisIndex: 0 }],
    xAxis: { type: log ? 'log' : 'value', name: f.axisLabel, nameLocation: 'middle', nameGap: 32, scale: true,
      axisLabel: { formatter: function (v) { return log ? A.count(v) : v; } } },
    yAxis: { type: 'value', scale: true, name: 'screening accuracy',
      axisLabel: { formatter: function (v) { return (100 * v).toFixed(1) + '%'; } } },
    series: [
      { name: 'dominated', type: 'scatter', symbolSize: 6, itemStyle: { color: '#8c959f', opacity: 0.6 },
        data: f.points.filter(function (p) { return !p.front; }).map(point) },
      { name: 'non-dominated', type: 'line', step: 'end', symbolSize: 11, z: 3,
        lineStyle: { type: 'dashed', color: '#d4a72c' }, itemStyle: { color: '#d4a72c', borderColor: '#57606a' },
        data: f.front.map(point) }
    ]
  });
  chart.on('click', function (p) {
    if (p.data && p.data.cid) {
      A.go(p.data.cid);
    }
  });
})();
