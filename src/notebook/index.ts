// src/notebook: the live-cell runtime. One line per module. (The page's own code, in page/,
// imports single modules instead, so a chapter's first load does not carry the compiler.)
export { originalPosition } from './position-map.ts';
export { compileCell, analyzeCell, ALLOWED_IMPORTS, KERNEL_GLOBALS, RESERVED_NAMES, type CompiledCell, type CellImport } from './transform.ts';
export { createKernel, wrapPlot, type Kernel, type KernelOptions, type RunOptions, type CellResult } from './kernel.ts';
export { toDisplay, OUTPUT_BUDGET, type DisplayItem, type TextItem, type TableItem, type InspectNode, type LogLevel, type Budget } from './display.ts';
export { toText } from './console-text.ts';
export { formatNumber } from '../lib/numbers.ts';
export { markPlotResult, accessiblePlot } from './plot-output.ts';
export { renderDisplay, renderCellOutput, renderCellError, renderLazyNode } from './render.ts';
export { createOutputLog, OUTPUT_LIMITS, type OutputLog, type OutputLimits } from './outputs.ts';
export { createChartSanitizer, type ChartSanitizer } from './sanitize.ts';
export { sanitizeChart } from './sanitize-node.ts';
export { codeFrame, isCellError, type CellError } from './errors.ts';
export { dependents, type CellDeps } from './graph.ts';
export { needsBefore, rerunAfter, pageOrder, runAboveOrder, throughOrder, checkContext, lostOnRestart, notRunState, type RunState, type ScheduleCell } from './schedule.ts';
export { createDocument } from './dom.ts';
export { CELL_GLOBALS, UNAVAILABLE, NotAvailableError } from './allow-list.ts';
export { hardenRealm, createCellCompartment, createTimers, lockDownHost, type CellCompartment, type Timers } from './sandbox.ts';
export { startKernelHost, type HostChannel } from './kernel-host.ts';
export type { WorkerRequest, WorkerResponse } from './protocol.ts';
export { runNotebook, openNodeKernel, type NodeKernel } from './node-runner.ts';
export { createChecker, describe as describeValue, type Checker, type CheckRound } from './checks.ts';
export type { CheckResult } from './check-report.ts';
export { checkOutcome, type CheckOutcome } from './exercise.ts';
export { hashSource } from './hash.ts';
