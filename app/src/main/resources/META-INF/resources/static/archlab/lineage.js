/* Lineage page: the tree laid out by the server, drawn as an echarts graph with zoom and pan; a click opens the candidate. */
'use strict';
(function () {
  const A = window.archlab;
  const el = document.getElementById('chart-lineage');
  if (!el) {
    return;
  }
  const t = A.data(el);
  const chart = A.chart(el);
  const failed = {};
  t.nodes.forEach(function (n) { failed[n.id] = n.status !== 'succeeded'; });
  const nodes = t.nodes.map(function (n) {
    const ring = n.discovery ? '#d4a72c' : n.focus ? '#0b5cad' : '#57606a';
    return {
      id: n.id, name: n.name, x: n.x, y: n.y, raw: n,
      symbol: n.status === 'succeeded' ? 'circle' : n.status === 'pending' ? 'emptyCircle' : 'diamond',
      symbolSize: n.discovery ? 24 : n.focus ? 20 : 14,
      itemStyle: { color: n.color, borderColor: ring, borderWidth: n.discovery || n.focus ? 3 : 1 },
      text: (n.cut ? '\u2702 ' : '') + A.cut(n.name, 28) + (n.accuracy !== null ? ' ' + A.pct(n.accuracy) : ' (' + n.status + ')')
    };
  });
  const links = t.edges.map(function (e) {
    return {
      source: e.source, target: e.target, raw: e, text: A.cut(e.label, 36),
      lineStyle: failed[e.target] ? { type: 'dashed', color: '#c9cdd2' } : { color: '#8c959f' }
    };
  });
  chart.setOption({
    animation: false,
    tooltip: A.tooltip(function (p) {
      if (p.dataType === 'edge') {
        const e = p.data.raw;
        return 'change: ' + A.cut(e.label, 200) + (e.diff ? '\nIR: ' + A.cut(e.diff, 200) : '');
      }
      const n = p.data.raw;
      return n.name + '\n' + n.status + (n.accuracy !== null ? ', screening ' + A.pct(n.accuracy) : '')
        + (n.rank ? ', rank ' + n.rank : '') + '\n' + n.proposer + ', generation ' + n.generation
        + (n.discovery ? '\ndiscovery' : '') + (n.cut ? '\nancestors not drawn' : '');
    }),
    series: [{
      type: 'graph', layout: 'none', roam: true, scaleLimit: { min: 0.05, max: 8 },
      left: 40, right: 240, top: 40, bottom: 40,
      data: nodes, links: links,
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
      label: { show: true, position: 'right', fontSize: 11, formatter: function (p) { return p.data.text; } },
      edgeLabel: { show: true, fontSize: 10, color: '#424a53', formatter: function (p) { return p.data.text; } },
      emphasis: { focus: 'adjacency' }
    }]
  });
  chart.on('click', function (p) {
    if (p.dataType === 'node' && p.data && p.data.id) {
      A.go(p.data.id);
    }
  });
})();
