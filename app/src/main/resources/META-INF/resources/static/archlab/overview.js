/* Run overview: best-so-far and outcome charts, updated from the run's server-sent events while it runs. */
'use strict';
(function () {
  const A = window.archlab;
  const root = document.getElementById('overview');
  if (!root) {
    return;
  }
  const best = A.chart(document.getElementById('chart-best'));
  const outcomes = A.chart(document.getElementById('chart-outcomes'));
  best.on('click', function (p) {
    if (p.data && p.data.cid) {
      A.go(p.data.cid);
    }
  });

  function draw(o) {
    best.setOption({
      animation: false,
      grid: { left: 56, right: 18, top: 28, bottom: 42 },
      legend: { top: 0, data: ['best so far', 'screenings'] },
      tooltip: A.tooltip(function (p) {
        return (p.data.name || '') + '\ntrial ' + p.data.value[0] + ': ' + A.pct(p.data.value[1]);
      }),
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 26, min: 0, minInterval: 1 },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: function (v) { return (100 * v).toFixed(1) + '%'; } } },
      series: [
        { name: 'screenings', type: 'scatter', symbolSize: 5, itemStyle: { color: '#8c959f' },
          data: o.screened.map(function (s) { return { value: [s.trial, s.value], cid: s.candidateId }; }) },
        { name: 'best so far', type: 'line', step: 'end', symbolSize: 7, itemStyle: { color: '#1a7f37' },
          data: o.bestSoFar.map(function (s) { return { value: [s.trial, s.value], cid: s.candidateId }; }) }
      ]
    }, true);
    outcomes.setOption({
      animation: false,
      grid: { left: 110, right: 18, top: 24, bottom: 24 },
      legend: { top: 0, data: ['screening', 'promoted'] },
      tooltip: A.tooltip(function (p) { return p.seriesName + ' ' + p.name + ': ' + p.value; }),
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: o.outcomes.map(function (k) { return k.outcome; }) },
      series: [
        { name: 'screening', type: 'bar', stack: 'n', itemStyle: { color: '#0b5cad' },
          data: o.outcomes.map(function (k) { return k.screening; }) },
        { name: 'promoted', type: 'bar', stack: 'n', itemStyle: { color: '#d4a72c' },
          data: o.outcomes.map(function (k) { return k.promoted; }) }
      ]
    }, true);
  }

  function rows(tbody, items, make) {
    while (tbody.firstChild) {
      tbody.removeChild(tbody.firstChild);
    }
    items.forEach(function (item) { tbody.appendChild(make(item)); });
  }

  function td(text, cls) {
    return A.el('td', cls ? { class: cls } : {}, text);
  }

  function update(o) {
    document.querySelectorAll('[data-text]').forEach(function (e) {
      const key = e.getAttribute('data-text');
      if (o.text[key] !== undefined && (o.llm || (key !== 'tokens' && key !== 'cost'))) {
        e.textContent = o.text[key];
      }
    });
    const progress = document.getElementById('trials-progress');
    progress.value = o.trialsFinished;
    progress.max = o.maxTrials;
    const state = document.getElementById('state');
    state.textContent = o.state;
    state.className = 'badge ' + o.state;
    const link = document.getElementById('best-link');
    if (link && o.best) {
      link.setAttribute('href', A.candidateUrl(o.best.candidateId));
    }
    rows(document.querySelector('#outcomes tbody'), o.outcomes, function (k) {
      const tr = A.el('tr');
      tr.appendChild(td(k.outcome, k.outcome === 'succeeded' ? null : 'fail'));
      tr.appendChild(td(k.screening, 'num'));
      tr.appendChild(td(k.promoted, 'num'));
      tr.appendChild(td(k.screening + k.promoted, 'num'));
      return tr;
    });
    rows(document.getElementById('inflight'), o.inFlight, function (c) {
      const li = A.el('li');
      li.appendChild(A.candidateLink(c.id, c.name));
      return li;
    });
    rows(document.getElementById('events'), o.events, function (e) {
      const li = A.el('li');
      li.appendChild(A.el('span', { class: 'muted small' }, String(e.at).replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC')));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(A.el('span', { class: 'badge' }, e.kind));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(A.el('span', { class: 'wrap' }, e.message));
      return li;
    });
    rows(document.querySelector('#trials tbody'), o.recentTrials, function (t) {
      const tr = A.el('tr');
      tr.appendChild(td(t.ordinal, 'num'));
      const name = A.el('td');
      name.appendChild(A.candidateLink(t.candidateId, t.candidateName));
      tr.appendChild(name);
      tr.appendChild(td(t.fidelity, 'num'));
      tr.appendChild(td(t.seed, 'num'));
      tr.appendChild(td(t.outcome, t.outcome === 'succeeded' ? null : 'fail'));
      tr.appendChild(td(A.pct(t.valAccuracy), 'num'));
      tr.appendChild(td(A.count(t.steps), 'num'));
      tr.appendChild(td(t.totalSeconds.toFixed(1), 'num'));
      tr.appendChild(td(A.cut(t.message, 300), 'wrap small'));
      return tr;
    });
    const cluster = document.getElementById('cluster');
    if (cluster) {
      cluster.hidden = o.members.length === 0;
      rows(document.querySelector('#members tbody'), o.members, function (m) {
        const tr = A.el('tr');
        tr.appendChild(A.el('td', { title: m.memberId }, m.shortId));
        tr.appendChild(td(m.address));
        tr.appendChild(td(m.labels, 'wrap small'));
        tr.appendChild(td(m.state, m.state === 'refused' ? 'fail' : null));
        tr.appendChild(td(m.cores, 'num'));
        tr.appendChild(td(m.slots, 'num'));
        tr.appendChild(td(m.busyText, 'num'));
        tr.appendChild(td(m.trialsDone, 'num'));
        tr.appendChild(td(m.loadText, 'num'));
        tr.appendChild(td(m.rssMb, 'num'));
        tr.appendChild(td(m.lastSeenText, 'nowrap small'));
        return tr;
      });
    }
    const flag = document.getElementById('live-flag');
    if (flag) {
      flag.textContent = o.live ? '\u25cf live, updated ' + new Date().toLocaleTimeString() : 'finished';
      flag.className = o.live ? 'live small' : 'muted small';
    }
    draw(o);
  }

  const first = A.data(root);
  draw(first);
  if (first.live && window.EventSource) {
    const source = new EventSource(root.getAttribute('data-live-url'));
    source.onmessage = function (ev) {
      const o = JSON.parse(ev.data);
      update(o);
      if (!o.live) {
        source.close();
      }
    };
  }
})();
