// The code runner's host document: starts the notebook's worker from a blob: URL, so the worker
// inherits host.html's Content-Security-Policy, and hands it the page's MessagePort. It accepts
// only its own page (same origin, its parent window) and only a worker script of this site.
// See src/notebook/page/kernel-client.ts for the page's side.
'use strict';
(function () {
  var origin = location.origin;
  if (parent === window) return; // opened on its own: nothing to host
  addEventListener('message', function start(event) {
    var data = event.data;
    if (event.source !== parent || event.origin !== origin) return;
    if (!data || data.type !== 'nn-kernel-start' || typeof data.workerUrl !== 'string' || !event.ports[0]) return;
    var url = new URL(data.workerUrl, location.href);
    if (url.origin !== origin) return;
    removeEventListener('message', start);
    var source = 'import ' + JSON.stringify(url.href) + ';';
    var blobUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    var worker = new Worker(blobUrl, { type: 'module', name: 'nn-kernel' });
    worker.addEventListener('error', function (e) {
      e.preventDefault();
      parent.postMessage({ type: 'nn-kernel-crash', message: e.message || '' }, origin);
    });
    worker.postMessage({ type: 'connect' }, [event.ports[0]]);
  });
  parent.postMessage({ type: 'nn-kernel-host-ready' }, origin);
})();
