// The notebook's Web Worker. The page never creates it directly: the kernel host document
// (public/kernel/host.html, whose Content-Security-Policy this worker inherits because it starts
// from a blob: URL) creates it and hands it a MessagePort to the page. Everything else, from
// the modules to the locks, is built in kernel-host.ts, the same for the build's Node thread.
// A runaway cell is stopped by the page discarding the host document (and so this worker) and
// starting another; nothing here needs to survive that.

import { startKernelHost, type KernelHost } from './kernel-host.ts';
import type { WorkerRequest } from './protocol.ts';

// Typed by hand: the DOM and WebWorker libs cannot both be loaded in one program.
interface WorkerScope {
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
/**
 * d3's and Plot's UMD bundles, as text (plot-instance.ts): chunks of the build, fetched when a
 * cell first draws. The paths reach into node_modules because neither package exports its bundle
 * by a path Vite resolves.
 */
const plotSources = () =>
  Promise.all([
    import('../../node_modules/d3/dist/d3.min.js?raw'),
    import('../../node_modules/@observablehq/plot/dist/plot.umd.min.js?raw'),
  ]).then(([d3, plot]) => ({ d3: d3.default, plot: plot.default }));
let host: KernelHost | undefined;

scope.addEventListener('message', function connect(event: { data?: { type?: string }; ports?: readonly MessagePort[] }) {
  const port = event.ports?.[0];
  if (event.data?.type !== 'connect' || !port) return;
  scope.removeEventListener('message', connect);
  // Bound now, before any cell runs: a cell that reached MessagePort.prototype could not
  // change how results are sent.
  const send = port.postMessage.bind(port);
  host = startKernelHost({
    post: (message) => send(message),
    listen: (handler) => {
      port.onmessage = (e: MessageEvent<WorkerRequest>) => handler(e.data);
    },
  }, { plotSources });
});

// A timer or promise a cell left behind may throw after its run is over. It is shown under the
// cell it came from (the page would otherwise see a worker error and think the kernel died).
scope.addEventListener('error', (event: { preventDefault(): void; error?: unknown; message?: string }) => {
  event.preventDefault();
  host?.uncaught(event.error ?? new Error(event.message ?? 'an error after the cell finished'));
});
scope.addEventListener('unhandledrejection', (event: { preventDefault(): void; reason?: unknown }) => {
  event.preventDefault();
  host?.uncaught(event.reason);
});
