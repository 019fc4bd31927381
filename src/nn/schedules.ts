// Learning-rate schedules, as plain data (so a chapter's options object can be stored, shared in a
// link, or sent to a worker). A large step early moves fast; a smaller one later settles into
// the minimum instead of bouncing around it.

export type LearningRateSchedule =
  | { type: 'constant' }
  /** η_t = η₀ · factor^⌊t / every⌋: drop by `factor` every `every` steps. */
  | { type: 'step'; every: number; factor: number }
  /** η_t = η₀ · decay^t: shrink a little at every step. */
  | { type: 'exponential'; decay: number };

/** η for step t (counting from 0) under `schedule`, starting from η₀ = eta0. */
export function learningRateAt(schedule: LearningRateSchedule | undefined, eta0: number, t: number): number {
  if (!schedule || schedule.type === 'constant') return eta0;
  if (schedule.type === 'step') {
    if (!(schedule.every >= 1)) throw new Error(`schedule: "every" must be at least 1, got ${schedule.every}`);
    return eta0 * schedule.factor ** Math.floor(t / schedule.every);
  }
  if (schedule.type === 'exponential') return eta0 * schedule.decay ** t;
  throw new Error(`schedule: unknown type "${String((schedule as { type: unknown }).type)}" (expected constant, step or exponential)`);
}
