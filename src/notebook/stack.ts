// Stack traces, read the same way in every engine: the one parser of `error.stack` text.
//
// The three formats (parsed by error-stack-parser, stacktrace.js's parser, which knows them all
// and takes any file name, where stacktrace-parser drops frames whose file is not a URL):
//   V8 (Chromium, Node):           "    at check (cell-c1.js:2:38)", "    at cell-c1.js:4:1"
//   SpiderMonkey (Firefox):        "check@cell-c1.js:2:38", "cell/<@cell-c2.js:3:15"
//   JavaScriptCore (WebKit/Safari): "matmul@http://host/worker.js:1:58", and for code run by
//                                   eval, which is how cells run, only "check@" or "@": JSC keeps
//                                   no file, line or column for eval code (it ignores
//                                   `//# sourceURL`), so a cell frame there has a name at most.
import errorStackParserModule from 'error-stack-parser';

/** One frame of a stack trace, innermost first. */
export interface StackFrame {
  /** The function's name as the engine prints it ("check", "Object.matmul", "cell/<"), if any. */
  fn?: string;
  /** The script's URL or `//# sourceURL` name; absent for JSC's eval code and native frames. */
  file?: string;
  /** 1-based line and column in `file`. */
  line?: number;
  column?: number;
  /** A built-in ("[native code]", V8's "<anonymous>"): no code of ours or the reader's. */
  native: boolean;
}

// error-stack-parser 3 is a UMD module that sets `module.exports.default`; bundlers and Node hand
// that object to a default import, not the parser itself.
const parser = ((errorStackParserModule as unknown as { default?: typeof errorStackParserModule }).default ?? errorStackParserModule);

/**
 * Parses the text of `error.stack` from V8, SpiderMonkey or JavaScriptCore into frames, innermost
 * first. Lines that are no frame (V8's first line, the message) are skipped; text with no frame
 * at all gives []. Never throws.
 */
export function parseStack(stack: string): StackFrame[] {
  if (!stack) return [];
  let parsed: ReturnType<typeof parser.parse>;
  try {
    parsed = parser.parse({ stack } as Error);
  } catch {
    return [];
  }
  // Every frame line has an "@" (SpiderMonkey, JavaScriptCore) or starts with "at" (V8); the
  // parser would read a message line with a colon ("Error: x") as a file name.
  return parsed.filter((frame) => /@|^\s*at /.test(frame.source ?? '')).map((frame) => {
    const source = frame.source ?? '';
    const native = /\[native code\]|\(native\)|<anonymous>\)?$/.test(source);
    // V8 prints "at async f (…)" and "at new F (…)": the name is f or F.
    const fn = frame.functionName?.replace(/^(async|new) /, '') || undefined;
    const file = native ? undefined : frame.fileName || undefined;
    return { fn, file, line: file ? frame.lineNumber : undefined, column: file ? frame.columnNumber : undefined, native };
  });
}
