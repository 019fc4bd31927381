// The display protocol, page side: DisplayItems (display.ts) become HTML. The build writes
// this HTML into the pages and the page writes the same after a rerun, so both call these
// functions.
//
// An item comes from the worker, which runs the reader's code, so it may be forged: every
// field is escaped text (a chart's markup goes through the chart sanitiser), and what the page
// builds is bounded whatever the item holds. An item carries at most MAX_ENTRIES entries and a
// bounded table per level; the levels of an inspected value are built when the reader opens
// them (see lazyNode), not all at once, so a value of a million entries costs the page the
// few hundred elements of its top level.

import { escapeHtml } from '../lib/html.ts';
import { clip, head } from '../lib/clip.ts';
import { andList, countOf } from '../lib/plural.ts';
import { formatCount } from '../lib/numbers.ts';
import type { CheckResult, InspectedValue } from './check-report.ts';
import type { DisplayItem, InspectNode, TableItem } from './display.ts';
import type { CellDiagnostic } from './types/language.ts';
// Type only: DOMPurify loads with the notebook's first run, not with this module.
import type { ChartSanitizer } from './sanitize.ts';

/** Most items one cell's output renders; the kernel keeps far fewer (outputs.ts). */
const MAX_ITEMS = 1_000;
/** Longest text one item renders, in characters. */
const MAX_TEXT = 20_000;
const MAX_ENTRIES = 100;
const MAX_TABLE = 30;
const MAX_CHECKS = 500;
/**
 * What a checklist's texts (what each check got and expected, and its notes) may lay out in
 * all, in characters, like one output's budget (display.ts): the checks keep their results
 * within a total already (checks.ts), and an item may be forged. Past it, a check shows its
 * label and verdict only, and the first text cut says so.
 */
export const CHECKLIST_CHARS = 200_000;
/** Longest label a check shows. */
const MAX_CHECK_LABEL = 300;
/**
 * Elements an output may build before its closed levels are left for later: a level that
 * does not fit is written as a closed <details> carrying its data, and built when opened.
 */
const EAGER_ELEMENTS = 600;

/** Any field of an item as escaped text of bounded length. */
function text(value: unknown, max = MAX_TEXT): string {
  const raw = typeof value === 'string' ? value : String(value);
  return escapeHtml(clip(raw, max));
}

/** A whole number with thousands separators, the same at build time and in every browser. */
function count(value: unknown): string {
  const n = Math.max(0, Math.floor(Number(value) || 0));
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * One item as HTML. Text is escaped; a chart's markup goes through `sanitizeChart`, and a chart
 * without one is refused rather than shown raw.
 */
export function renderDisplay(item: DisplayItem, sanitizeChart?: ChartSanitizer): string {
  switch (item.kind) {
    case 'text':
      return `<pre class="nb-out nb-text nb-${text(item.level, 10)}">${text(item.text)}</pre>`;
    case 'number':
    case 'literal':
    case 'function':
      return `<div class="nb-out nb-${item.kind}">${text(item.text)}</div>`;
    case 'string':
      return `<div class="nb-out nb-string">${text(JSON.stringify(String(item.text)))}</div>`;
    case 'error':
      return `<div class="nb-out nb-error-value"><span class="nb-error-name">${text(item.name)}</span>: ${text(item.message)}</div>`;
    case 'table':
      return `<div class="nb-out nb-table-wrap" tabindex="0" role="region" aria-label="${text(item.label, 200)}">${renderTable(item)}</div>`;
    case 'inspect':
      return `<div class="nb-out nb-inspect">${renderNode(item.node, true, { left: EAGER_ELEMENTS })}</div>`;
    case 'html':
      if (!sanitizeChart) {
        throw new Error('renderDisplay: a chart (html item) needs a sanitiser: pass sanitizeChart from sanitize-node.ts, or createChartSanitizer(window) from sanitize.ts on the page');
      }
      return `<div class="nb-out nb-plot">${sanitizeChart(String(item.html))}</div>`;
    case 'checks':
      return renderChecks(Array.isArray(item.results) ? item.results : [], item.stopped === true);
    case 'omitted':
      return `<p class="nb-out nb-omitted">… ${count(item.count)} ${item.noun === 'line' ? 'lines' : 'outputs'} not shown` +
        ` (a cell keeps its first ${count(item.head)} and last ${count(item.tail)})</p>`;
    default:
      return '';
  }
}

/**
 * A checklist: each check passed or failed, with what the code gave and what was wanted. When an
 * error `stopped` the checks, the summary counts the checks that ran and says the rest did not:
 * "All 5 checks passed" above the error that stopped the sixth misled a red team's reader.
 * `said`, when given, is the summary instead (renderChecklist).
 */
function renderChecks(all: CheckResult[], stopped: boolean, said?: string): string {
  const results = all.slice(0, MAX_CHECKS);
  const passed = results.filter((r) => r.pass === true).length;
  const summary = said !== undefined ? escapeHtml(said) : stopped
    ? results.length === 0
      ? 'The checks stopped at an error before any of them ran.'
      : `The checks stopped at an error after ${countOf(results.length, 'check')}: ${formatCount(passed)} passed, the rest did not run.`
    : results.length === 0
    ? 'No checks ran.'
    : passed === results.length
      ? (results.length === 1 ? 'The 1 check passed.' : `All ${countOf(results.length, 'check')} passed.`)
      : `${formatCount(passed)} of ${countOf(results.length, 'check')} passed.`;
  // What the checklist's texts may still lay out (CHECKLIST_CHARS); undefined once it is spent.
  let left = CHECKLIST_CHARS;
  let cut = false;
  const reached = `this checklist reached its total of ${count(CHECKLIST_CHARS)} characters`;
  const field = (value: unknown): string | undefined => {
    if (left <= 0) {
      if (cut) return undefined;
      cut = true;
      return escapeHtml(`… (not shown: ${reached})`);
    }
    const raw = typeof value === 'string' ? value : String(value);
    const max = Math.min(MAX_TEXT, left);
    if (raw.length <= max) {
      left -= raw.length;
      return escapeHtml(raw);
    }
    left -= max;
    if (max < MAX_TEXT) cut = true;
    const shown = head(raw, max);
    return escapeHtml(`${shown}… (${count(raw.length - shown.length)} more characters not shown${max < MAX_TEXT ? `: ${reached}` : ''})`);
  };
  /**
   * What a failing check got, for the inspector: closed, its levels built when opened (as a
   * cell's value, see lazyNode), its data counted in the checklist's total.
   */
  const checkValue = (node: InspectedValue): string => {
    let data: string;
    try {
      data = JSON.stringify(node);
    } catch {
      return '';
    }
    if (typeof data !== 'string' || data.length > left) return '';
    left -= data.length;
    return `<details class="nb-node nb-check-value" data-nb-node="${escapeHtml(data)}"><summary>${text(node.summary, MAX_CHECK_LABEL)}</summary></details>`;
  };
  const items = results.map((r) => {
    const pass = r.pass === true;
    const got = r.got !== undefined ? field(r.got) : undefined;
    const inspect = got !== undefined && !pass && r.gotValue ? checkValue(r.gotValue) : '';
    const expected = r.expected !== undefined && !pass ? field(r.expected) : undefined;
    const note = r.note ? field(r.note) : undefined;
    // What the check tried the answer at comes first: the reader reruns the answer there.
    const drawn = r.drawn !== undefined && !pass ? field(r.drawn) : undefined;
    const detail = [
      drawn !== undefined ? `<span class="nb-check-drawn">drawn for this run: ${drawn}</span>` : '',
      got !== undefined ? `<span class="nb-check-got">got ${got}</span>${inspect}` : '',
      expected !== undefined ? `<span class="nb-check-expected">expected ${expected}</span>` : '',
      note !== undefined ? `<span class="nb-check-note">${note}</span>` : '',
    ].filter(Boolean).join(' ');
    return `<li class="nb-check ${pass ? 'nb-pass' : 'nb-fail'}"><span class="nb-check-mark" aria-hidden="true">${pass ? '✓' : '✗'}</span>` +
      `<span class="visually-hidden">${pass ? 'Passed' : 'Failed'}: </span><span class="nb-check-label">${text(r.label, MAX_CHECK_LABEL)}</span>` +
      (detail ? `<span class="nb-check-detail">${detail}</span>` : '') + '</li>';
  }).join('');
  return `<div class="nb-out nb-checks"><p class="nb-checks-summary">${summary}</p><ul>${items}</ul></div>`;
}

function tableRows(table: TableItem): unknown[][] {
  return (Array.isArray(table.cells) ? table.cells : []).slice(0, MAX_TABLE).map((row) => (Array.isArray(row) ? row.slice(0, MAX_TABLE) : []));
}

function renderTable(table: TableItem): string {
  const rows = tableRows(table)
    .map((row) => `<tr>${row.map((cell) => `<td${ELLIPSES.has(cell as string) ? ' class="nb-ellipsis"' : ''}>${text(cell, 200)}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="nb-table"><caption class="nb-shape">${text(table.label, 200)}</caption><tbody>${rows}</tbody></table>`;
}

const ELLIPSES = new Set(['…', '⋮', '⋱']);

/** Elements a node's own level builds: an entry is four (li, key, details, summary), a table its cells. */
function ownWeight(node: InspectNode): number {
  const table = node.table ? 4 + tableRows(node.table).reduce((sum, row) => sum + row.length + 1, 0) : 0;
  return table + 4 * Math.min(Array.isArray(node.entries) ? node.entries.length : 0, MAX_ENTRIES + 1);
}

/** Elements a node builds with every level under it open, counted until it passes `cap`. */
function weight(node: InspectNode, cap: number): number {
  let total = ownWeight(node);
  if (Array.isArray(node.entries)) {
    for (const entry of node.entries.slice(0, MAX_ENTRIES)) {
      if (total > cap) break;
      total += weight(entry?.node ?? { summary: '' }, cap - total);
    }
  }
  return total;
}

/**
 * An inspector node. The open one and closed ones that fit in `budget` are built now; a
 * bigger closed one is written without its contents, with its data in data-nb-node, and
 * built by expandNode when the reader opens it.
 */
function renderNode(node: InspectNode, open: boolean, budget: { left: number }): string {
  const summary = `<summary>${text(node.summary)}</summary>`;
  const hasBody = node.table || node.overBudget || Array.isArray(node.entries);
  if (!hasBody) return `<span class="nb-leaf">${text(node.summary)}</span>`;
  if (open) {
    budget.left -= ownWeight(node);
    return `<details class="nb-node" open>${summary}${renderBody(node, budget)}</details>`;
  }
  // A closed level is built now, whole, only if everything under it fits in what is left.
  const cost = weight(node, budget.left);
  if (cost > budget.left) return lazyNode(node, summary);
  budget.left -= cost;
  return `<details class="nb-node">${summary}${renderBody(node, { left: Infinity })}</details>`;
}

function lazyNode(node: InspectNode, summary: string): string {
  let data: string;
  try {
    data = JSON.stringify(node);
  } catch {
    return `<details class="nb-node">${summary}<p class="nb-over-budget">This part cannot be shown.</p></details>`;
  }
  return `<details class="nb-node" data-nb-node="${escapeHtml(data)}">${summary}</details>`;
}

/** What an open node shows under its summary: its table, its entries, or why it has none. */
function renderBody(node: InspectNode, budget: { left: number }): string {
  if (node.table) return renderTable(node.table);
  if (node.overBudget) {
    return '<p class="nb-over-budget">Not described: this output reached its size limit. Show this part on its own, with display(), to see inside it.</p>';
  }
  const all = Array.isArray(node.entries) ? node.entries : [];
  const entries = all.slice(0, MAX_ENTRIES)
    .map((entry) => `<li><span class="nb-key">${text(entry?.key, 200)}</span> ${renderNode(entry?.node ?? { summary: '' }, false, budget)}</li>`);
  if (all.length > MAX_ENTRIES) entries.push(`<li><span class="nb-key">…</span> <span class="nb-leaf">${count(all.length - MAX_ENTRIES)} more</span></li>`);
  return `<ul class="nb-entries">${entries.join('')}</ul>`;
}

/**
 * Some of a run's checks, under a summary of the caller's (`summary`, plain text): the review's
 * second run shows only the checks that fail there, which "0 of 2 checks passed" would misstate.
 */
export function renderChecklist(results: CheckResult[], summary: string): string {
  return renderChecks(results, false, summary);
}

/**
 * The contents of a closed inspector level written by lazyNode (its data-nb-node), as HTML to
 * put after its <summary>; '' if the data is not a node. The page calls this when the reader
 * opens the level (page/output-view.ts).
 */
export function renderLazyNode(data: string): string {
  let node: InspectNode;
  try {
    node = JSON.parse(data) as InspectNode;
  } catch {
    return '';
  }
  if (typeof node !== 'object' || node === null) return '';
  return renderBody(node, { left: EAGER_ELEMENTS - ownWeight(node) });
}

/** What a cell ran to, as the build pre-renders it and the page shows it: its outputs, then its error. */
export function renderCellOutput(result: { outputs: DisplayItem[]; error?: ErrorView }, sanitizeChart: ChartSanitizer): string {
  const items = result.outputs.slice(0, MAX_ITEMS).map((item) => renderDisplay(item, sanitizeChart));
  if (result.outputs.length > MAX_ITEMS) items.push(`<p class="nb-out nb-omitted">… ${count(result.outputs.length - MAX_ITEMS)} outputs not shown</p>`);
  return items.join('') + (result.error ? renderCellError(result.error) : '');
}

/** What the compiler found, as a reader names each kind: TypeScript's Error, Warning, and Suggestion or Message. */
const TYPE_FINDINGS = { error: 'type error', warning: 'warning', info: 'note' } as const;

/** The name of a finding's kind beside its place, "" for an error (the usual case): " (warning)", " (note)". */
export const findingKind = (severity: CellDiagnostic['severity']): string =>
  severity === 'error' ? '' : ` (${TYPE_FINDINGS[severity] ?? TYPE_FINDINGS.info})`;

type TypeFinding = Pick<CellDiagnostic, 'line' | 'column' | 'message' | 'code' | 'severity'>;

/**
 * A count of what the compiler found, each kind by its name, errors first: "2 type errors",
 * "1 type error and 1 warning", "1 warning". The output's list and the screen readers' live
 * region (page/types.ts) both say it, so a warning is never called an error.
 */
export function countTypeFindings(findings: readonly Pick<CellDiagnostic, 'severity'>[]): string {
  const counts = (Object.keys(TYPE_FINDINGS) as (keyof typeof TYPE_FINDINGS)[])
    .map((kind) => [kind, findings.filter((f) => f.severity === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => countOf(n, TYPE_FINDINGS[kind]));
  return andList(counts) || countOf(0, TYPE_FINDINGS.error);
}

/**
 * What the compiler found in the code that ran, listed before its output: it did not stop the
 * run, and the reader should see it next to what the code did. A warning or a note says so
 * beside its place (an error is the usual case and says nothing more). Empty for none.
 */
export function renderTypeErrors(findings: readonly TypeFinding[]): string {
  if (findings.length === 0) return '';
  const items = findings.map((e) =>
    `<li><span class="nb-error-place">line ${Number(e.line)}, column ${Number(e.column)}${findingKind(e.severity)}:</span> ${text(e.message)} <span class="nb-error-place">(TS${Number(e.code)})</span></li>`);
  const title = `${countTypeFindings(findings)} (the code ran anyway)`;
  return `<div class="nb-type-errors" data-type-errors><p class="nb-error-title"><strong class="nb-error-name">${title}</strong></p><ul>${items.join('')}</ul></div>`;
}

/** A cell error as it is shown: errors.ts's CellError, or the same fields from elsewhere. */
type ErrorView = { name: string; message: string; line?: number; column?: number; frame?: string };

/** A reader-facing error: the message with its place, then the code frame. */
export function renderCellError(error: ErrorView): string {
  // Everything here is escaped or a whole number: an error can carry what the reader's code threw.
  const line = Number(error.line);
  const column = Number(error.column);
  const place = Number.isInteger(line) && line > 0 ? ` <span class="nb-error-place">(line ${line}${Number.isInteger(column) && column > 0 ? `, column ${column}` : ''})</span>` : '';
  // tabindex: a frame wider than the cell scrolls, and a scrolling region must be reachable by keyboard.
  const frame = error.frame ? `<pre class="nb-error-frame" tabindex="0" aria-label="Where the error is">${text(error.frame)}</pre>` : '';
  return `<div class="nb-error"><p class="nb-error-message"><strong class="nb-error-name">${text(error.name)}</strong>: ${text(error.message)}${place}</p>${frame}</div>`;
}
