// The code runner's host document: starts the notebook's worker from a blob: URL, so the worker
// inherits host.html's Content-Security-Policy, and hands it the page's MessagePort. It accepts
// only its own page (same origin, its parent window) and only a worker script of this site.
// The page names the worker script in this document's URL (#worker=…), so the worker starts
// loading at once, while the page and this document still exchange the port.
// See src/notebook/page/kernel-client.ts for the page's side.
'use strict';
(function () {
  var origin = location.origin;
  if (parent === window) return; // opened on its own: nothing to host
  var named = new URLSearchParams(location.hash.slice(1)).get('worker');
  if (!named) return;
  var url = new URL(named, location.href);
  if (url.origin !== origin) return;
  var source = 'import ' + JSON.stringify(url.href) + ';';
  var worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module', name: 'nn-kernel' });
  worker.addEventListener('error', function (e) {
    e.preventDefault();
    parent.postMessage({ type: 'nn-kernel-crash', message: e.message || '' }, origin);
  });
  addEventListener('message', function connect(event) {
    if (event.source !== parent || event.origin !== origin) return;
    if (!event.data || event.data.type !== 'nn-kernel-connect' || !event.ports[0]) return;
    removeEventListener('message', connect);
    worker.postMessage({ type: 'connect' }, [event.ports[0]]);
  });
  parent.postMessage({ type: 'nn-kernel-host-ready' }, origin);
})();
