// Scripts that must run inline, before first paint. They live here, as strings, so the pages
// render them and astro.config.mjs hashes exactly the same text for the Content-Security-Policy.
import { createHash } from 'node:crypto';

// Before first paint: a saved choice wins, otherwise follow the system. Storage may be blocked
// (private mode, full quota); then we simply follow the system.
export const themeScript = `(function () {
  var saved = null;
  try { saved = localStorage.getItem('nn-theme'); } catch (e) {}
  var dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  document.documentElement.classList.add('js');
})();`;

// The chapter list and the contents are folded in the HTML (a phone's layout from the first
// paint); on wider screens CSS shows them through ::details-content. Only a browser without
// that selector needs them opened, on a wide screen, right after they are parsed.
export const unfoldNavigationScript = `if (!CSS.supports('selector(::details-content)') && window.matchMedia('(min-width: 821px)').matches) {
  document.querySelectorAll('.sidebar-details, .toc-details').forEach(function (d) { d.open = true; });
}`;

/** The CSP source of each inline script: `sha256-<base64 of the SHA-256 of its text>`. */
export const inlineScriptHashes = [themeScript, unfoldNavigationScript].map(
  /** @returns {import('astro').CspHashEntry} */ (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`,
);
