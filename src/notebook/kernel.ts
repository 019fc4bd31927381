// The kernel holds one page's shared scope and runs cells in it. It is plain logic with no
// knowledge of where it runs: the worker (worker.ts) and the build (node-runner.ts) give it
// the modules and a document, and post or render the plain-data results it returns.

import { compileCell, originalPosition, cellFileId, type CompiledCell } from './transform.ts';
import { toDisplay, toText, markPlotResult, type DisplayItem, type LogLevel } from './display.ts';
import { cellError, codeFrame, isCellError, suggest, type CellError } from './errors.ts';
import { BLOCKED, NotAvailableError } from './sandbox.ts';

// The kernel's own handle on eval, taken when this module loads. In the worker, lockDown()
// later removes eval, Function and their relatives from reader code's reach, so a cell cannot
// build code from a string (and, through it, a dynamic import() of some URL); the kernel keeps
// this private reference. Called under another name than `eval`, it is an indirect eval: the
// code runs in the global scope, as a cell should, and sees none of the kernel's locals.
const evaluate: (code: string) => unknown = globalThis.eval;

export interface CellResult {
  cellId: string;
  status: 'ok' | 'error';
  /** Console lines, display() items and finally the cell's value, in the order they happened. */
  outputs: DisplayItem[];
  /** Names this cell defines in the shared scope. */
  defines: string[];
  /** Names this cell reads from other cells. */
  uses: string[];
  error?: CellError;
  durationMs: number;
}

export interface KernelOptions {
  /** What `import … from "<specifier>"` gives a cell; "@observablehq/plot" is also the global Plot. */
  modules: Record<string, unknown>;
  /** Extra names every cell can read. */
  globals?: Record<string, unknown>;
  /** The document Plot draws into (see dom.ts); without one, Plot must be given one explicitly. */
  document?: Document;
  /** Most outputs one run keeps; a loop that logs a million lines must not flood the page. */
  maxOutputs?: number;
}

export interface Kernel {
  run(cellId: string, source: string): Promise<CellResult>;
  /** Forget every name, as a restarted kernel would. */
  reset(): void;
  /** The names currently in the shared scope. */
  names(): string[];
}

/** A name in the shared scope: a live view of the defining cell's variable. */
interface Binding {
  cellId: string;
  get: () => unknown;
  set?: (value: unknown) => void;
}

const PLOT = '@observablehq/plot';

export function createKernel(options: KernelOptions): Kernel {
  const scope = new Map<string, Binding>();
  // Latest compilation of each cell, to place stack frames from functions defined there.
  const compiled = new Map<string, CompiledCell>();
  const maxOutputs = options.maxOutputs ?? 1000;

  const modules: Record<string, unknown> = { ...options.modules };
  if (modules[PLOT] && options.document) modules[PLOT] = wrapPlot(modules[PLOT] as PlotModule, options.document);

  async function run(cellId: string, source: string): Promise<CellResult> {
    const started = now();
    const outputs: DisplayItem[] = [];
    let dropped = 0;
    let open = true;
    const emit = (item: () => DisplayItem) => {
      if (!open) return; // a timer firing after the cell finished has nowhere to print
      if (outputs.length < maxOutputs) outputs.push(item());
      else dropped++;
    };
    const idPrefix = () => `nb-${cellFileId(cellId)}-${outputs.length + 1}`;
    const finish = (status: 'ok' | 'error', defines: string[], uses: string[], error?: CellError): CellResult => {
      open = false;
      if (dropped > 0) outputs.push({ kind: 'text', level: 'warn', text: `… ${dropped} more output${dropped === 1 ? '' : 's'} not shown` });
      const result: CellResult = { cellId, status, outputs, defines, uses, durationMs: Math.round((now() - started) * 10) / 10 };
      if (error) result.error = error;
      return result;
    };

    let cell: CompiledCell;
    try {
      cell = compileCell(source, cellId);
    } catch (error) {
      return finish('error', [], [], isCellError(error) ? error : { name: 'Error', message: String(error) });
    }
    compiled.set(cellFileId(cellId), cell);

    // Resolve what the cell reads: other cells' names first, then what the kernel provides.
    const log = (level: LogLevel) => (...args: unknown[]) => emit(() => toText(args, level));
    const cellConsole = {
      log: log('log'),
      info: log('info'),
      debug: log('log'),
      warn: log('warn'),
      error: log('error'),
      table: (value: unknown) => emit(() => toDisplay(value, { idPrefix: idPrefix() })),
      dir: (value: unknown) => emit(() => toDisplay(value, { idPrefix: idPrefix() })),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition) emit(() => toText(['Assertion failed:', ...args], 'error'));
      },
    };
    const provided: Record<string, unknown> = {
      console: cellConsole,
      // display() returns nothing, so `display(x)` as a cell's last line is not shown twice.
      display: (value: unknown) => void emit(() => toDisplay(value, { idPrefix: idPrefix() })),
      ...(modules[PLOT] ? { Plot: modules[PLOT] } : {}),
      ...options.globals,
    };
    const uses: string[] = [];
    const inputs = Object.create(null) as Record<string, unknown>;
    for (const name of cell.inputs) {
      const binding = scope.get(name);
      if (binding) {
        uses.push(name);
        Object.defineProperty(inputs, name, {
          get: binding.get,
          set: binding.set ?? (() => {
            throw new TypeError(`${name} is a constant (declared with const in another cell), so it cannot be reassigned here. Declare it with let to change it later.`);
          }),
        });
      } else if (name in provided) {
        Object.defineProperty(inputs, name, { value: provided[name], writable: true });
      } else if (name in BLOCKED) {
        Object.defineProperty(inputs, name, { get: () => { throw new NotAvailableError(name); }, set: () => { throw new NotAvailableError(name); } });
      } else if (name in globalThis) {
        Object.defineProperty(inputs, name, { value: (globalThis as Record<string, unknown>)[name], writable: true });
      } else {
        uses.push(name);
        const at = cell.firstUse[name];
        const hint = suggest(name, [...scope.keys(), ...Object.keys(provided)]);
        const message = cell.assigned.includes(name)
          ? `${name} is not defined — declare it first (let ${name} = …), or run the cell that defines it`
          : `${name} is not defined — run the cell that defines it first`;
        const error = cellError('ReferenceError', message + (hint ? `. Did you mean ${hint}?` : ''), source, at.line, at.column);
        return finish('error', cell.outputs, uses, error);
      }
    }

    // Imports are checked before anything runs, like a module's imports are linked first.
    for (const imported of cell.imports) {
      const module = modules[imported.specifier] as Record<string, unknown> | undefined;
      const missing = module ? imported.names.find(({ imported: name }) => !(name in module)) : undefined;
      if (!module || missing) {
        const hint = missing && module ? suggest(missing.imported, Object.keys(module)) : undefined;
        const message = !module
          ? `The module "${imported.specifier}" is not loaded on this page.`
          : `The module "${imported.specifier}" has no export named ${missing!.imported}.` + (hint ? ` Did you mean ${hint}?` : '');
        return finish('error', cell.outputs, uses, cellError('ImportError', message, source, imported.line, imported.column));
      }
    }
    const runtime = { import: (specifier: string) => modules[specifier] };

    try {
      const body = evaluate(cell.code) as (inputs: object, runtime: object) => Promise<{ value: unknown; bindings: object }>;
      const returned = await body(inputs, runtime);
      for (const name of cell.declared) {
        const descriptor = Object.getOwnPropertyDescriptor(returned.bindings, name)!;
        scope.set(name, { cellId, get: descriptor.get!, set: descriptor.set });
      }
      let value = returned.value;
      if (isThenable(value)) value = await value; // a cell ending in a promise shows its result
      if (cell.hasValue && value !== undefined) emit(() => toDisplay(value, { idPrefix: idPrefix() }));
      return finish('ok', cell.outputs, uses);
    } catch (error) {
      return finish('error', cell.outputs, uses, runtimeError(error, cell));
    }
  }

  /** A thrown value → CellError placed at the innermost stack frame in this cell. */
  function runtimeError(thrown: unknown, cell: CompiledCell): CellError {
    if (isCellError(thrown)) return thrown;
    const isError = thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown);
    const name = isError ? String((thrown as Error).name ?? 'Error') : 'Error';
    const rawMessage = isError ? String((thrown as Error).message) : `Uncaught ${describeThrown(thrown)}`;
    // V8 quotes the failing expression ("__nb$in.f is not a function"); quote the reader's.
    const message = rawMessage.replace(/__nb\$in\./g, '');
    const error: CellError = { name, message };
    const stack = isError ? String((thrown as Error).stack ?? '') : '';
    const frames: string[] = [];
    let placed = false;
    // One pattern for V8 ("at f (cell-c1.js:3:5)") and Firefox/Safari ("f@cell-c1.js:3:5").
    for (const line of stack.split('\n')) {
      const match = /cell-([\w-]+)\.js:(\d+):(\d+)/.exec(line);
      if (!match) continue;
      const frameCell = compiled.get(match[1]);
      if (!frameCell) continue;
      const at = originalPosition(frameCell, Number(match[2]), Number(match[3]));
      const fn = /^\s*at (?:async )?([\w$.<>]+) \(/.exec(line)?.[1] ?? /^([\w$.<>]+)@/.exec(line)?.[1];
      const label = fn && fn !== 'cell' ? fn : '<top level>';
      const where = frameCell === cell ? `line ${at.line}:${at.column}` : `cell ${frameCell.cellId}, line ${at.line}:${at.column}`;
      frames.push(`    at ${label} (${where})`);
      if (!placed && frameCell === cell) {
        placed = true;
        error.line = at.line;
        error.column = at.column;
        error.frame = codeFrame(cell.source, at.line, at.column);
      }
    }
    if (frames.length > 1) error.stack = frames.join('\n');
    return error;
  }

  return {
    run,
    reset: () => {
      scope.clear();
      compiled.clear();
    },
    names: () => [...scope.keys()],
  };
}

function describeThrown(value: unknown): string {
  const item = toDisplay(value);
  return 'text' in item ? (item.kind === 'string' ? JSON.stringify(item.text) : item.text) : String(value);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

// ---------------------------------------------------------------------------------------
// Plot with a document

type PlotModule = Record<string, unknown> & { plot: (options?: Record<string, unknown>) => unknown };

/**
 * Plot needs a document, and neither Node nor a worker has a global one. Wrap the module so
 * `Plot.plot(options)`, `Plot.legend(options)` and `mark.plot(options)` get the kernel's
 * document when the caller gave none, and mark what they return as Plot output, the only
 * thing the display protocol shows as HTML.
 */
export function wrapPlot(Plot: PlotModule, document: Document): PlotModule {
  const withDocument = (options?: Record<string, unknown>) => ({ document, ...options });
  const plot = (options?: Record<string, unknown>) => markPlotResult(Plot.plot(withDocument(options)));
  // A mark's own .plot() calls Plot's internal plot(), not ours, so give each mark ours.
  const patch = (result: unknown) => {
    if (typeof result === 'object' && result !== null && typeof (result as { plot?: unknown }).plot === 'function') {
      Object.defineProperty(result, 'plot', {
        value: (options: Record<string, unknown> = {}) =>
          plot({ ...options, marks: [...((options.marks as unknown[]) ?? []), result] }),
        configurable: true,
        writable: true,
      });
    }
    return result;
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(Plot)) {
    // Lower-case exports are the mark and transform functions; capitalised ones are classes,
    // which must stay constructible.
    wrapped[name] =
      typeof value === 'function' && /^[a-z]/.test(name)
        ? (...args: unknown[]) => patch((value as (...a: unknown[]) => unknown)(...args))
        : value;
  }
  wrapped.plot = plot;
  if (typeof Plot.legend === 'function') {
    wrapped.legend = (options?: Record<string, unknown>) =>
      markPlotResult((Plot.legend as (o: unknown) => unknown)(withDocument(options)));
  }
  return Object.freeze(wrapped) as PlotModule;
}
