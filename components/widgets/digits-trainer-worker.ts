// The digits trainer's Web Worker (chapter 11): trains the network off the main thread, so the
// page never freezes, and reports after every epoch.
//
// Protocol (plain data both ways):
//   page → worker  { type: 'train', config }   start a run (one at a time)
//                  { type: 'stop' }            finish the current epoch, then score and report
//   worker → page  { type: 'epoch', report }   after every epoch
//                  { type: 'done', result }    at the end (stopped or not)
//                  { type: 'error', message }  if something unexpected went wrong

import { trainDigits, type EpochReport, type TrainerConfig, type TrainerResult } from './digits-model.ts';

export type ToWorker = { type: 'train'; config: TrainerConfig } | { type: 'stop' };
export type FromWorker =
  | { type: 'epoch'; report: EpochReport }
  | { type: 'done'; result: TrainerResult }
  | { type: 'error'; message: string };

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);
let stopRequested = false;
let running = false;

// A macrotask between epochs: it lets a waiting 'stop' message be delivered to onmessage.
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (message.type !== 'train' || running) return;
  running = true;
  stopRequested = false;
  try {
    const result = await trainDigits(message.config, {
      onEpoch: (report) => post({ type: 'epoch', report }),
      shouldStop: () => stopRequested,
      pause,
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  } finally {
    running = false;
  }
};
