/* Candidate page: per-epoch training curves of each trial (validation accuracy, validation and training loss). */
'use strict';
(function () {
  const A = window.archlab;
  const el = document.getElementById('chart-curves');
  if (!el) {
    return;
  }
  const curves = A.data(el) || [];
  const chart = A.chart(el);
  const palette = ['#0b5cad', '#1a7f37', '#d4a72c', '#b42318', '#8250df', '#57606a', '#0a7f82', '#bc4c00'];
  const series = [];
  curves.forEach(function (c, i) {
    const label = 'trial ' + c.ordinal + ' (fidelity ' + c.fidelity + ', seed ' + c.seed + ')';
    const color = palette[i % palette.length];
    series.push({ name: label, type: 'line', yAxisIndex: 0, symbolSize: 5, itemStyle: { color: color },
      data: c.points.map(function (p) { return [p.epoch, p.valAccuracy]; }) });
    series.push({ name: label, type: 'line', yAxisIndex: 1, symbol: 'none', lineStyle: { type: 'dashed', color: color },
      data: c.points.map(function (p) { return [p.epoch, p.valLoss]; }) });
    series.push({ name: label, type: 'line', yAxisIndex: 1, symbol: 'none', lineStyle: { type: 'dotted', color: color },
      data: c.points.map(function (p) { return [p.epoch, p.trainLoss]; }) });
  });
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 56, top: 48, bottom: 42 },
    legend: { top: 0, type: 'scroll' },
    tooltip: A.tooltip(function (p) {
      return p.seriesName + '\nepoch ' + Number(p.value[0]).toFixed(2) + ': '
        + (p.componentIndex % 3 === 0 ? A.pct(p.value[1]) : Number(p.value[1]).toFixed(4));
    }),
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: [
      { type: 'value', scale: true, name: 'accuracy', axisLabel: { formatter: function (v) { return (100 * v).toFixed(1) + '%'; } } },
      { type: 'value', scale: true, name: 'loss', splitLine: { show: false } }
    ],
    series: series
  });
})();
