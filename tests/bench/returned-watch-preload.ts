// Preloaded (`--import`) by returned-watch.ts into every thread, the kernel's thread too: with
// RETURNED_WATCH=off it makes the kernel's watch of returned values (src/notebook/returned.ts)
// do nothing, so the benchmark can time the same checks with and without it. Nothing else uses it.
import { ReturnedValues } from '../../src/notebook/returned.ts';

if (process.env.RETURNED_WATCH === 'off') {
  ReturnedValues.prototype.note = () => undefined;
  ReturnedValues.prototype.firstChange = () => undefined;
}
