/**
 * How the types' tooltips look (completion, its docs, hover, diagnostics, the lint panel):
 * the page's colours in both themes, never wider than a phone's screen, a long docstring
 * scrolling within its box. Only the types (types.ts) make these parts, so their look comes in
 * with them, not with the plain editor (editor.ts).
 */
import { EditorView } from '@codemirror/view';

export const typesTheme = [
  EditorView.theme({
    '.cm-tooltip': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border, var(--fg-soft))', borderRadius: '6px', boxShadow: '0 4px 14px rgb(0 0 0 / 0.18)', maxWidth: 'min(36rem, calc(100vw - 1rem))' },
    '.cm-tooltip-hover, .cm-completionInfo': { maxHeight: 'min(18rem, 45vh)', overflowY: 'auto' },
    '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--font-mono)', maxHeight: '14rem' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--bg)' },
    '.cm-completionInfo': { backgroundColor: 'var(--bg)', color: 'var(--fg)', border: '1px solid var(--border, var(--fg-soft))', borderRadius: '6px', padding: '0' },
    '.cm-diagnostic': { fontFamily: 'var(--font-ui)', fontSize: '0.85rem', whiteSpace: 'pre-wrap' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--err)' },
    '.cm-panel.cm-panel-lint': { backgroundColor: 'var(--bg)', color: 'var(--fg)' },
  }),
  // A name's signature and docstring (types.ts's docsElement), in completion's info and in hover.
  EditorView.baseTheme({
    '.nb-type-docs': { maxWidth: 'min(36rem, 90vw)', padding: '0.35rem 0.6rem', fontFamily: 'var(--font-ui)', fontSize: '0.85rem', lineHeight: '1.4' },
    '.nb-type-docs p': { margin: '0.3rem 0 0' },
    '.nb-type-signature': { margin: '0', whiteSpace: 'pre-wrap', fontFamily: 'var(--font-mono)', fontSize: '0.82rem', color: 'var(--fg)' },
    '.nb-type-tag em': { color: 'var(--fg-soft)' },
  }),
];
