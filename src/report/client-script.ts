/**
 * The report's own browser code (plain JS, run after the inlined Chart.js and
 * lightweight-charts). It reads the embedded JSON, draws the charts, sorts the trade list and
 * links a clicked trade to the candlestick chart. Kept free of backticks and template
 * placeholders because it lives in a TypeScript string.
 */
export const REPORT_CLIENT_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var result = data.result;
  var money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  var money2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function pct(v) { return (v * 100).toFixed(1) + ' %'; }
  var times = result.equity.map(function (p) { return Date.parse(p.time); });

  function lineDataset(label, values, color, extra) {
    var points = [];
    for (var i = 0; i < values.length; i++) {
      if (values[i] !== null && values[i] !== undefined) points.push({ x: times[i], y: values[i] });
    }
    var dataset = { label: label, data: points, borderColor: color, backgroundColor: color,
      borderWidth: 1.6, pointRadius: 0, pointHoverRadius: 3, tension: 0 };
    for (var key in extra) dataset[key] = extra[key];
    return dataset;
  }

  function timeAxis() {
    return { type: 'linear', grid: { display: false }, bounds: 'data',
      min: times.length ? times[0] : undefined, max: times.length ? times[times.length - 1] : undefined,
      ticks: { maxTicksLimit: 8, maxRotation: 0, callback: function (v) { return isoDay(v); } } };
  }

  function drawEquity() {
    var canvas = document.getElementById('equity-chart');
    if (!canvas || typeof Chart === 'undefined') return;
    var datasets = [lineDataset('Strategy', result.equity.map(function (p) { return p.value; }), '#2563eb', {})];
    if (data.benchmarkAligned) {
      datasets.push(lineDataset('Benchmark (' + data.benchmark.symbol + ', rebased)', data.benchmarkAligned,
        '#9ca3af', { borderDash: [5, 4], borderWidth: 1.3 }));
    }
    new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'index', intersect: false },
        scales: { x: timeAxis(), y: { ticks: { callback: function (v) { return money.format(v); } } } },
        plugins: {
          legend: { display: datasets.length > 1, labels: { boxWidth: 14, boxHeight: 2 } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? isoDay(items[0].parsed.x) : ''; },
            label: function (c) { return c.dataset.label + ': ' + money2.format(c.parsed.y); } } }
        }
      }
    });
  }

  function drawDrawdown() {
    var canvas = document.getElementById('drawdown-chart');
    if (!canvas || typeof Chart === 'undefined') return;
    new Chart(canvas, {
      type: 'line',
      data: { datasets: [lineDataset('Drawdown', data.drawdown, '#dc2626',
        { fill: 'origin', backgroundColor: 'rgba(220, 38, 38, 0.15)', borderWidth: 1.2 })] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'index', intersect: false },
        scales: { x: timeAxis(), y: { max: 0, ticks: { callback: function (v) { return pct(v); } } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          title: function (items) { return items.length ? isoDay(items[0].parsed.x) : ''; },
          label: function (c) { return 'Drawdown: ' + pct(c.parsed.y); } } } }
      }
    });
  }

  var candles = null;
  var VISIBLE_BARS = 320;
  function drawCandles() {
    var box = document.getElementById('candles-chart');
    if (!box || typeof LightweightCharts === 'undefined' || data.bars.length === 0) return null;
    var LC = LightweightCharts;
    var chart = LC.createChart(box, {
      autoSize: true,
      layout: { background: { type: 'solid', color: '#ffffff' }, textColor: '#374151', attributionLogo: false,
        fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif' },
      grid: { vertLines: { color: '#f3f4f6' }, horzLines: { color: '#f3f4f6' } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false }
    });
    var price = chart.addSeries(LC.CandlestickSeries, { upColor: '#16a34a', downColor: '#dc2626',
      borderVisible: false, wickUpColor: '#16a34a', wickDownColor: '#dc2626' });
    // Volume in its own small pane below the candles, so neither scale overlaps the other.
    var volume = chart.addSeries(LC.HistogramSeries, { priceFormat: { type: 'volume' },
      color: 'rgba(107, 114, 128, 0.35)', lastValueVisible: false, priceLineVisible: false }, 1);
    var panes = chart.panes();
    if (panes.length > 1) { panes[0].setStretchFactor(4); panes[1].setStretchFactor(1); }
    var markers = LC.createSeriesMarkers(price, []);
    var bySymbol = {};
    data.bars.forEach(function (b) { bySymbol[b.symbol] = b; });

    function tradeMarkers(symbol, first, last) {
      var list = [];
      result.trades.forEach(function (t) {
        if (t.symbol !== symbol) return;
        var entry = Date.parse(t.entryTime) / 1000;
        var exit = Date.parse(t.exitTime) / 1000;
        var isLong = t.side === 'long';
        // Entries are bare arrows; exits carry the trade's return, so a dense chart stays legible.
        if (entry >= first && entry <= last) {
          list.push({ time: entry, position: isLong ? 'belowBar' : 'aboveBar', shape: isLong ? 'arrowUp' : 'arrowDown',
            color: isLong ? '#15803d' : '#b91c1c' });
        }
        if (exit >= first && exit <= last) {
          list.push({ time: exit, position: isLong ? 'aboveBar' : 'belowBar', shape: isLong ? 'arrowDown' : 'arrowUp',
            color: t.pnl >= 0 ? '#2563eb' : '#9333ea',
            text: (t.returnPct >= 0 ? '+' : '') + (t.returnPct * 100).toFixed(1) + '%' });
        }
      });
      return list.sort(function (a, b) { return a.time - b.time; });
    }

    function show(symbol) {
      var b = bySymbol[symbol];
      if (!b) return;
      var rows = [], vols = [];
      for (var i = 0; i < b.time.length; i++) {
        rows.push({ time: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i] });
        vols.push({ time: b.time[i], value: b.volume[i],
          color: b.close[i] >= b.open[i] ? 'rgba(22, 163, 74, 0.3)' : 'rgba(220, 38, 38, 0.3)' });
      }
      price.setData(rows);
      volume.setData(vols);
      var first = b.time.length ? b.time[0] : 0;
      var last = b.time.length ? b.time[b.time.length - 1] : 0;
      markers.setMarkers(tradeMarkers(symbol, first, last));
      // Long histories open on their latest VISIBLE_BARS bars (drag or zoom for the rest):
      // fitting 5,000 candles in one width leaves neither candles nor markers readable.
      if (rows.length > VISIBLE_BARS) {
        chart.timeScale().setVisibleLogicalRange({ from: rows.length - VISIBLE_BARS, to: rows.length + 6 });
      } else {
        chart.timeScale().fitContent();
      }
      var select = document.getElementById('symbol-select');
      if (select && select.value !== symbol) select.value = symbol;
    }

    var select = document.getElementById('symbol-select');
    if (select) select.addEventListener('change', function () { show(select.value); });
    show(data.bars[0].symbol);
    return {
      show: show,
      has: function (symbol) { return Boolean(bySymbol[symbol]); },
      focus: function (from, to) {
        var pad = Math.max((to - from) * 0.5, 10 * 86400);
        chart.timeScale().setVisibleRange({ from: from - pad, to: to + pad });
      }
    };
  }

  function sortableTrades() {
    var table = document.getElementById('trades');
    if (!table) return;
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var descending = th.getAttribute('aria-sort') === 'ascending';
        var numeric = th.getAttribute('data-type') === 'number';
        var keyed = Array.prototype.map.call(body.rows, function (row) {
          var raw = row.cells[column].getAttribute('data-value');
          return { row: row, key: numeric ? Number(raw) : raw, index: Number(row.getAttribute('data-index')) };
        });
        keyed.sort(function (a, b) {
          var order = numeric ? a.key - b.key : a.key.localeCompare(b.key);
          if (order === 0) order = a.index - b.index;
          return descending ? -order : order;
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (item) { fragment.appendChild(item.row); });
        body.appendChild(fragment);
        headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      });
    });
    body.addEventListener('click', function (event) {
      var row = event.target.closest('tr');
      if (!row || !candles) return;
      var symbol = row.getAttribute('data-symbol');
      if (!candles.has(symbol)) return;
      Array.prototype.forEach.call(body.rows, function (r) { r.classList.remove('selected'); });
      row.classList.add('selected');
      candles.show(symbol);
      candles.focus(Number(row.getAttribute('data-entry')), Number(row.getAttribute('data-exit')));
      document.getElementById('candles-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  }

  drawEquity();
  drawDrawdown();
  candles = drawCandles();
  sortableTrades();
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
