// The dashboard's only script (no build step): local times, confirmations that say how many,
// select-all, the time-zone offset of the filter, and the overview's charts.
(function () {
  'use strict';

  // Times are rendered as UTC ISO-8601 in <time datetime>; show them in the viewer's time zone.
  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date)) {
        el.textContent = date.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit',
          hour: '2-digit', minute: '2-digit', second: '2-digit' });
        el.title = el.getAttribute('datetime');
      }
    });
  }

  // The filter's local date-times are read with the browser's offset.
  function timeZoneOffsets(root) {
    root.querySelectorAll('input.tz-offset').forEach(function (el) {
      el.value = String(new Date().getTimezoneOffset());
    });
  }

  // Every state-changing button asks first, naming how many jobs it touches.
  document.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button) {
      return;
    }
    var message = button.getAttribute('data-confirm');
    var perSelection = button.getAttribute('data-confirm-selected');
    if (perSelection) {
      var n = event.target.querySelectorAll('input.select:checked').length;
      if (n === 0) {
        event.preventDefault();
        window.alert('Tick the jobs first.');
        return;
      }
      message = perSelection.replace('{n}', String(n));
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  document.addEventListener('change', function (event) {
    if (event.target.id === 'select-all') {
      document.querySelectorAll('input.select').forEach(function (box) { box.checked = event.target.checked; });
    }
  });

  function charts() {
    var source = document.getElementById('throughput-source');
    if (!source || typeof Chart === 'undefined') {
      return;
    }
    var throughput = new Chart(document.getElementById('throughput-chart'), {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: 'succeeded', data: [], backgroundColor: '#1a7f37', stack: 'ended' },
        { label: 'failed', data: [], backgroundColor: '#c62828', stack: 'ended' } ] },
      options: { animation: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
    var failures = new Chart(document.getElementById('failure-chart'), {
      type: 'line',
      data: { labels: [], datasets: [ { label: 'failure rate %', data: [], borderColor: '#c62828', pointRadius: 0, tension: 0.2 } ] },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, suggestedMax: 100 } } }
    });
    function load() {
      fetch(source.getAttribute('data-url'), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (points) {
          var labels = points.map(function (p) {
            return new Date(p.start).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
          });
          throughput.data.labels = labels;
          throughput.data.datasets[0].data = points.map(function (p) { return p.succeeded; });
          throughput.data.datasets[1].data = points.map(function (p) { return p.failed; });
          throughput.update();
          failures.data.labels = labels;
          failures.data.datasets[0].data = points.map(function (p) {
            return (p.succeeded + p.failed) === 0 ? null : Math.round(p.failureRate * 1000) / 10;
          });
          failures.update();
        })
        .catch(function () { /* the next refresh tries again */ });
    }
    load();
    setInterval(load, 1000 * Math.max(5, Number(source.getAttribute('data-refresh')) || 5));
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    timeZoneOffsets(document);
    charts();
  });
  // htmx swaps in fresh fragments (counts, a job's progress): localise their times too.
  document.addEventListener('htmx:afterSwap', function () { localTimes(document); });
  document.addEventListener('htmx:afterSettle', function () { localTimes(document); });
}());
