/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting. This module is imported
 * dynamically, when a cell nears the viewport or gets focus, so a page's first load does not
 * pay for it (react.dev's Sandpack does the same).
 *
 * Keyboard: Shift+Enter and Ctrl/Cmd+Enter run the cell; Escape leaves the editor (focus moves
 * to the cell's Run button), so the editor is never a keyboard trap. Tab is left to the browser
 * for the same reason; indentation uses the usual CodeMirror keys and is kept on Enter.
 *
 * Types (diagnostics, completion, hover: page/types.ts) are not part of this module: the
 * reader focusing the editor (or editing it, whatever put the focus there) calls
 * `options.assist`, which loads them, and they are switched on in place. Focus, not the first
 * keystroke, so that TypeScript's start overlaps the reader's typing; a reader who only reads,
 * scrolls or presses Run never pays for TypeScript.
 */
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, syntaxHighlighting, HighlightStyle } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export interface EditorHandle {
  view: EditorView;
  getCode(): string;
  setCode(code: string): void;
  focus(): void;
  /**
   * Settles once CodeMirror has measured the editor's lines on screen. Until then its height is
   * an estimate: before it measures, CodeMirror takes a line for 14 px and 30 characters, so with
   * wrapping on, every longer line counts as two or more (a cell of 255 px came out 323 px), and
   * it measures only an editor that is on screen, so one loaded off screen keeps that height.
   */
  measured: Promise<void>;
}

export interface EditorOptions {
  code: string;
  label: string;
  onChange: (code: string) => void;
  onRun: () => void;
  onEscape: () => void;
  /**
   * Loads the types' extensions; called once, when the reader first focuses or edits this
   * editor. `lost` settles if they stop working (their worker failed): the editor goes back to
   * plain, and its next focus or edit asks again.
   */
  assist?: () => Promise<{ extension: Extension; lost: Promise<unknown> }>;
}

/** A reader's edit, as CodeMirror marks it ("input.type", "delete.backward", "undo", …), not code set by the page. */
const EDIT_EVENTS = ['input', 'delete', 'move', 'undo', 'redo'];

// Colours come from the page's CSS variables, so the editor follows the light/dark theme
// without being rebuilt when the reader toggles it.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--code-string)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--code-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: 'var(--code-function)' },
  { tag: [t.typeName, t.className], color: 'var(--code-type)' },
  { tag: [t.definition(t.variableName)], color: 'var(--code-definition)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '0.9rem', backgroundColor: 'var(--bg-code)', color: 'var(--fg)' },
  '.cm-content': { fontFamily: 'var(--font-mono)', padding: '0.75rem 0', caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-code)', color: 'var(--fg-soft)', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '-1px' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  // The types' tooltips and lint panel are styled with the types (types-theme.ts).
});

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorHandle {
  const run = () => { options.onRun(); return true; };
  const types = new Compartment();
  let assisted = false;
  const view: EditorView = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.code,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        history(),
        indentOnInput(),
        bracketMatching(),
        javascript({ typescript: true }),
        syntaxHighlighting(highlight),
        theme,
        EditorView.lineWrapping,
        EditorState.tabSize.of(2),
        keymap.of([
          { key: 'Shift-Enter', run },
          { key: 'Mod-Enter', run },
          { key: 'Escape', run: () => { options.onEscape(); return true; } },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': options.label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
          const edited = update.docChanged && update.transactions.some((tr) => EDIT_EVENTS.some((e) => tr.isUserEvent(e)));
          const focused = update.focusChanged && update.view.hasFocus;
          if ((edited || focused) && !assisted && options.assist) {
            assisted = true;
            // A failure to load leaves a plain editor: the types help, the cell works without them.
            options.assist().then(({ extension, lost }) => {
              view.dispatch({ effects: types.reconfigure(extension) });
              void lost.then(() => {
                view.dispatch({ effects: types.reconfigure([]) });
                assisted = false;
              });
            }, () => { assisted = false; });
          }
        }),
        types.of([]),
      ],
    }),
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    measured: whenMeasured(view),
  };
}

/** See EditorHandle.measured: each time the editor comes on screen, its next measure is asked whether it saw it there. */
function whenMeasured(view: EditorView): Promise<void> {
  if (!('IntersectionObserver' in window)) return Promise.resolve();
  return new Promise((resolve) => {
    // Thresholds past 0 as well: an editor first seen touching the window's edge (intersecting,
    // with no area) is asked again once it is properly on screen.
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      // The write runs after the measure that saw the editor on screen has updated its heights.
      view.requestMeasure({
        read: (measuring) => measuring.inView,
        write: (inView) => {
          if (!inView) return;
          observer.disconnect();
          resolve();
        },
      });
    }, { threshold: [0, 0.01, 0.1] });
    observer.observe(view.dom);
  });
}
