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
 * reader's first edit (a keystroke, a paste, a deletion; never a focus, a run or code the page
 * sets) calls `options.assist`, which loads them, and they are switched on in place. A reader
 * who only reads, clicks or runs never pays for TypeScript. Once the page has them, focusing
 * another editor switches them on there too (`assistLoaded`), since that costs nothing more.
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
}

export interface EditorOptions {
  code: string;
  label: string;
  onChange: (code: string) => void;
  onRun: () => void;
  onEscape: () => void;
  /**
   * Loads the types' extensions; called once, on the reader's first edit of this editor. `lost`
   * settles if they stop working (their worker failed): the editor goes back to plain, and its
   * next edit asks again.
   */
  assist?: () => Promise<{ extension: Extension; lost: Promise<unknown> }>;
  /** True once the page has loaded the types: then a focus is enough to switch them on. */
  assistLoaded?: () => boolean;
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
  // Tooltips (completion, hover, diagnostics) take the page's colours in both themes.
  // Never wider than a phone's screen; a long docstring scrolls within its box.
  '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border, var(--fg-soft))', borderRadius: '6px', boxShadow: '0 4px 14px rgb(0 0 0 / 0.18)', maxWidth: 'min(36rem, calc(100vw - 1rem))' },
  '.cm-tooltip-hover, .cm-completionInfo': { maxHeight: 'min(18rem, 45vh)', overflowY: 'auto' },
  '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-mono)', maxHeight: '14rem' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--bg)' },
  '.cm-completionInfo': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border, var(--fg-soft))', borderRadius: '6px', padding: '0' },
  '.cm-diagnostic': { fontFamily: 'var(--font-ui)', fontSize: '0.85rem', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--err)' },
  '.cm-panel.cm-panel-lint': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
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
          const focusedLoaded = update.focusChanged && update.view.hasFocus && options.assistLoaded?.();
          if ((edited || focusedLoaded) && !assisted && options.assist) {
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
  };
}
