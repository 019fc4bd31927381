// Learning-rate schedules, as plain data (so a chapter's options object can be stored, shared in a
// link, or sent to a worker). A large step early moves fast; a smaller one later settles into
// the minimum instead of bouncing around it.

export type LearningRateSchedule =
  | { type: 'constant' }
  /** η_t = η₀ · factor^⌊t / every⌋: drop by `factor` (0 < factor ≤ 1) every `every` steps. */
  | { type: 'step'; every: number; factor: number }
  /** η_t = η₀ · decay^t: shrink by `decay` (0 < decay ≤ 1) at every step. */
  | { type: 'exponential'; decay: number };

/**
 * Throws an Error naming `operation`, the field and its value unless `schedule` is undefined or
 * a valid schedule. A schedule only ever lowers the rate, so `factor` and `decay` lie in (0, 1]:
 * 0 would stop learning after the first drop, a negative number would flip the sign of every
 * other step, and a missing one would make every rate NaN.
 */
export function checkSchedule(schedule: LearningRateSchedule | undefined, operation = 'schedule'): void {
  if (schedule === undefined) return;
  if (typeof schedule !== 'object' || schedule === null) {
    throw new Error(`${operation}: a schedule is an object such as { type: "step", every: 100, factor: 0.5 }, got ${String(schedule)}`);
  }
  const inUnitInterval = (name: string, value: unknown) => {
    if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
      const kind = schedule.type === 'exponential' ? 'an exponential' : 'a step';
      throw new Error(`${operation}: ${kind} schedule needs "${name}" between 0 (excluded) and 1, got ${String(value)}`);
    }
  };
  switch (schedule.type) {
    case 'constant':
      return;
    case 'step':
      if (typeof schedule.every !== 'number' || !Number.isInteger(schedule.every) || schedule.every < 1) {
        throw new Error(`${operation}: a step schedule needs "every", a whole number of steps ≥ 1, got ${String(schedule.every)}`);
      }
      inUnitInterval('factor', schedule.factor);
      return;
    case 'exponential':
      inUnitInterval('decay', schedule.decay);
      return;
  }
  throw new Error(`${operation}: unknown type "${String((schedule as { type: unknown }).type)}" (expected constant, step or exponential)`);
}

/**
 * η for step t (a whole number, counting from 0) under `schedule`, starting from η₀ = eta0
 * (no schedule: η₀ at every step). Throws as checkSchedule does for a bad schedule.
 */
export function learningRateAt(schedule: LearningRateSchedule | undefined, eta0: number, t: number): number {
  checkSchedule(schedule);
  if (!schedule || schedule.type === 'constant') return eta0;
  if (schedule.type === 'step') return eta0 * schedule.factor ** Math.floor(t / schedule.every);
  return eta0 * schedule.decay ** t;
}
