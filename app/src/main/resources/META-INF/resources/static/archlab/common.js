/* archlab dashboard: helpers shared by the page scripts. Page data comes from data-json attributes
 * (JSON.parse, never eval); text goes into the page with textContent only; charts draw on canvas and
 * their tooltips use echarts' rich-text mode, so no model-written text is ever parsed as HTML. */
'use strict';
window.archlab = (function () {
  function data(el) {
    return el && el.dataset.json ? JSON.parse(el.dataset.json) : null;
  }

  function chart(el) {
    const c = echarts.init(el, null, { renderer: 'canvas' });
    window.addEventListener('resize', function () { c.resize(); });
    return c;
  }

  /** An element with attributes (names from this code) and text content. */
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function pct(v) {
    return v === null || v === undefined || isNaN(v) ? '' : (100 * v).toFixed(2) + '%';
  }

  function count(v) {
    return v === null || v === undefined ? '' : Number(v).toLocaleString('en-US');
  }

  function cut(s, n) {
    s = s === null || s === undefined ? '' : String(s).replace(/\s+/g, ' ').trim();
    return s.length <= n ? s : s.slice(0, n - 1) + '\u2026';
  }

  /** The candidate page's path: always a path on this server. */
  function candidateUrl(id) {
    return '/candidates/' + encodeURIComponent(id);
  }

  function go(id) {
    window.location.assign(candidateUrl(id));
  }

  /** A link to a candidate, its name as text. */
  function candidateLink(id, name) {
    return el('a', { href: candidateUrl(id) }, name);
  }

  /** Plain-text tooltips (canvas), never HTML. */
  function tooltip(formatter, trigger) {
    return { trigger: trigger || 'item', renderMode: 'richText', confine: true, formatter: formatter };
  }

  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  return { data: data, chart: chart, el: el, pct: pct, count: count, cut: cut, candidateUrl: candidateUrl,
    go: go, candidateLink: candidateLink, tooltip: tooltip };
})();
