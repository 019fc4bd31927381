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
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // node_modules may be a link to another checkout's; keep the paths as this project sees them.
    preserveSymlinks: true,
  },
};
