// The shape of an exercise's check results: plain data shared by the checks (in the worker),
// the display protocol and the page. No imports, so the page can use it without the checks.

export interface CheckResult {
  label: string;
  pass: boolean;
  /** What the reader's code produced, as text. */
  got?: string;
  /** What the check wanted, as text. */
  expected?: string;
  /** Why it failed, in words, when the values alone do not say. */
  note?: string;
}
