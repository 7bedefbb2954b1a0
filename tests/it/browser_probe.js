// Runs inside the scorecard page (a srcdoc frame of the test's wrapper page) once it has
// loaded: axe-core's WCAG checks, the page's width against its viewport, and every
// resource the page requested. The result is written into the wrapper, which Chromium's
// --dump-dom prints.
window.addEventListener('load', function () {
  var done = function (out) {
    var pre = parent.document.createElement('pre');
    pre.id = 'probe-result';
    pre.textContent = JSON.stringify(out);
    parent.document.body.appendChild(pre);
  };
  axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
    done({
      viewport: window.innerWidth,
      scroll_width: document.documentElement.scrollWidth,
      dark: window.matchMedia('(prefers-color-scheme: dark)').matches,
      requests: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
      violations: r.violations.map(function (v) {
        return {
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 3).map(function (n) { return n.html.slice(0, 160); })
        };
      })
    });
  }, function (e) { done({ error: String(e) }); });
});
