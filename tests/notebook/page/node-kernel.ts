// The review page's worker, for tests: the build's kernel (a Node thread built by kernel-host.ts,
// the same sandbox as the page's Web Worker) behind the interface the Reviewer uses, one thread
// per file, as the page has one worker per file.
import { openNodeKernel, type NodeKernel } from '../../../src/notebook/node-runner.ts';
import type { Kernel } from '../../../src/notebook/page/review.ts';
import type { RunOutcome } from '../../../src/notebook/page/kernel-client.ts';

export function nodeReviewKernel(): Kernel & { runs: string[]; scopes: (string | undefined)[] } {
  let kernel: Promise<NodeKernel> | null = null;
  const runs: string[] = [];
  const scopes: (string | undefined)[] = [];
  const start = () => (kernel ??= openNodeKernel());
  return {
    runs,
    scopes,
    start: async () => { await start(); },
    run: async (cellId, source, options): Promise<RunOutcome> => {
      runs.push(cellId);
      scopes.push(options?.scope);
      return { kind: 'result', result: await (await start()).run(cellId, source, options) };
    },
    reset: () => { void start().then((k) => k.reset()); },
    dispose: () => { void start().then((k) => k.close()); },
    // As KernelClient.stop: the thread goes (a run in progress ends stopped) and the next run starts a fresh one.
    stop: () => {
      const old = kernel;
      kernel = null;
      void old?.then((k) => k.close());
    },
  };
}
