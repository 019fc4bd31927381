// Import boundaries (`npm run lint:imports`, a stage of `npm test` before the build). dependency-cruiser
// resolves every import, static, dynamic and type-only, to a file, so `../` tricks and re-exports
// cannot slip past it as they could past a rule that matches the text of an import.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'nn-is-self-contained',
      comment:
        'src/nn is the network module a reader imports as "nn": pure TypeScript that runs anywhere. It imports ' +
        'only its own files and the packages in package.json "dependencies" (@stdlib), never the notebook, ' +
        'the site, a dev-only package or a Node built-in.',
      severity: 'error',
      from: { path: '^src/nn/' },
      to: { pathNot: '^src/nn/', dependencyTypesNot: ['npm'] },
    },
    {
      name: 'nn-imports-resolve',
      comment: 'src/nn imports something that cannot be found: a typo, or a package missing from "dependencies".',
      severity: 'error',
      from: { path: '^src/nn/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'notebook-imports-no-components',
      comment:
        'src/notebook is the code-cell runtime; components use it, not the other way round (a widget ' +
        'imported here would end up in the worker and in every page).',
      severity: 'error',
      from: { path: '^src/notebook/' },
      to: { path: '^components/' },
    },
    {
      name: 'page-renders-without-the-describer',
      comment:
        "The display protocol has two sides. The worker describes a reader's value as a DisplayItem (display.ts " +
        'and the files it uses); the page and the build turn items into HTML (render.ts). The page side imports ' +
        "the describer's types only, so a chapter's page never carries the describer.",
      severity: 'error',
      from: { path: '^src/notebook/(render[.]ts|page/)' },
      to: {
        path: '^src/notebook/(display|inspect|grid|console-text|value-text|plot-output)[.]ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'describer-does-not-render',
      comment:
        'The worker describes values and posts plain items; making HTML of them is the page side (render.ts), ' +
        'which the worker does not carry.',
      severity: 'error',
      from: { path: '^src/notebook/(display|inspect|grid|console-text|value-text|plot-output|kernel)[.]ts$' },
      to: { path: '^src/notebook/render[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // node_modules may be a link to another checkout's; keep the paths as this project sees them.
    preserveSymlinks: true,
  },
};
