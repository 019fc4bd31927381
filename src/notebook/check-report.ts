// The shape of an exercise's check results: plain data shared by the checks (in the worker),
// the display protocol and the page. No imports, so the page can use it without the checks (and
// the cells' types, made from checks.ts, without the display).

/** A level of the object inspector: display.ts's InspectNode, which render.ts reads. */
export interface InspectedValue {
  summary: string;
}

export interface CheckResult {
  label: string;
  pass: boolean;
  /** What the reader's code produced, as text. */
  got?: string;
  /**
   * What the reader's code produced, for the inspector, when `got` had to leave some of it out:
   * the page shows it closed and builds its levels when opened (render.ts), as a cell's value.
   */
  gotValue?: InspectedValue;
  /** What the check wanted, as text. */
  expected?: string;
  /** Why it failed, in words, when the values alone do not say. */
  note?: string;
  /**
   * The values drawn at random for this run that the check tried the answer at, by name, each
   * number in full (checks.ts, drawnText): "z = [0.25, -3.5]". Shown when the check fails.
   */
  drawn?: string;
}
