// The build's and the tests' kernel: a Node worker thread running the same kernel host as the
// page's Web Worker (kernel-host.ts), so SES freezes this thread's world, not the build's.
import { parentPort } from 'node:worker_threads';
import { types } from 'node:util';
import { startKernelHost } from './kernel-host.ts';
import { readPlotSources } from './plot-sources-node.ts';

if (!parentPort) throw new Error('node-worker.ts runs as a worker thread; use openNodeKernel() from node-runner.ts');
const port = parentPort;

const send = port.postMessage.bind(port); // bound before any cell runs
const host = startKernelHost({
  post: (message) => send(message),
  listen: (handler) => port.on('message', handler),
}, { loadPlotAtStart: true, types, plotSources: readPlotSources });

// A timer or promise a cell left behind may throw after its run is over; in a thread that would
// end the thread, as it would not in a browser's worker. (Set after the start, so a failure to
// build the kernel still ends the thread and reaches openNodeKernel.)
process.on('uncaughtException', (error) => host.uncaught(error));
process.on('unhandledRejection', (reason) => host.uncaught(reason));
