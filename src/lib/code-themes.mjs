// The syntax-highlighting themes for every code block in the book, in one place. The
// high-contrast GitHub themes keep every token at 4.5:1 or better on our code background,
// which the accessibility tests check in both themes.
// `as const` (in JSDoc) keeps the names as Shiki's theme-name literals, which Astro's types ask for.
export const codeThemes = /** @type {const} */ ({ light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' });
