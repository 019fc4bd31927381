// src/notebook: the live-cell runtime. One line per module.
export { compileCell, analyzeCell, originalPosition, ALLOWED_IMPORTS, KERNEL_GLOBALS, type CompiledCell, type CellImport } from './transform.ts';
export { createKernel, wrapPlot, type Kernel, type KernelOptions, type CellResult } from './kernel.ts';
export { toDisplay, toText, renderDisplay, renderCellError, formatNumber, escapeHtml, markPlotResult, type DisplayItem, type TextItem, type TableItem, type InspectNode, type LogLevel } from './display.ts';
export { codeFrame, isCellError, type CellError } from './errors.ts';
export { needsBefore, dependents, type CellDeps } from './graph.ts';
export { createDocument } from './dom.ts';
export { BLOCKED, lockDown, NotAvailableError } from './sandbox.ts';
export type { WorkerRequest, WorkerResponse } from './protocol.ts';
export { runNotebook } from './node-runner.ts';
