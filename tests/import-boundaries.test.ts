// The import boundaries of .dependency-cruiser.cjs (a stage of `npm test`, `npm run lint:imports`):
// the real tree keeps them, and each rule fails on a project that breaks it. The broken project
// is made in a temporary folder, so no forbidden import ever sits in src/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');

/** Runs the boundary check in `cwd` over src/ and components/; returns its exit status and report. */
function cruise(cwd: string) {
  const result = spawnSync(depcruise, ['src', 'components', '--config', config, '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
  });
  return { status: result.status, report: `${result.stdout}${result.stderr}` };
}

describe('import boundaries', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'nn-boundaries-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };

  it('the book keeps them', () => {
    const { status, report } = cruise(root);
    expect(report).toContain('no dependency violations found');
    expect(status).toBe(0);
  }, 60_000);

  it('fail on nn importing the notebook (through data/..), a dev package, a Node built-in or a missing file, and on the notebook importing a component', () => {
    write(
      'package.json',
      JSON.stringify({ name: 'fixture', type: 'module', dependencies: { '@stdlib/math-base-special-ln': '*' } }),
    );
    write(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'preserve' } }),
    );
    write(
      'node_modules/@stdlib/math-base-special-ln/package.json',
      JSON.stringify({ name: '@stdlib/math-base-special-ln', main: 'index.js' }),
    );
    write('node_modules/@stdlib/math-base-special-ln/index.js', 'module.exports = Math.log;\n');
    write('node_modules/d3-color/package.json', JSON.stringify({ name: 'd3-color', main: 'index.js' }));
    write('node_modules/d3-color/index.js', 'module.exports = {};\n');
    write('src/nn/matrix.ts', "import ln from '@stdlib/math-base-special-ln';\nexport const m = ln(2);\n");
    write(
      'src/nn/data/xor.ts',
      [
        "import { m } from '../matrix.ts';", // inside nn: allowed
        "import type { Kernel } from '../../notebook/kernel.ts';",
        "export const colour = () => import('d3-color');",
        "import { readFileSync } from 'node:fs';",
        "import { gone } from '../missing.ts';",
        'export const x: Kernel | number = m + readFileSync.length + gone;',
      ].join('\n'),
    );
    write(
      'src/notebook/kernel.ts',
      "import { Aside } from '../../components/aside.ts';\nexport type Kernel = typeof Aside;\n",
    );
    write('components/aside.ts', 'export const Aside = 1;\n');

    const { status, report } = cruise(fixture);
    expect(status).not.toBe(0);
    expect(report).toContain('nn-is-self-contained: src/nn/data/xor.ts → src/notebook/kernel.ts');
    expect(report).toMatch(/nn-is-self-contained: src\/nn\/data\/xor\.ts → node_modules\/d3-color/);
    expect(report).toContain('nn-is-self-contained: src/nn/data/xor.ts → fs');
    expect(report).toContain('nn-imports-resolve: src/nn/data/xor.ts → ../missing.ts');
    expect(report).toContain('notebook-imports-no-components: src/notebook/kernel.ts → components/aside.ts');
    expect(report).not.toContain('src/nn/matrix.ts →');
    expect(report).toContain('6 dependency violations'); // the missing file breaks both nn rules
  }, 60_000);

  it("fail on the page's rendering importing the worker's describer (not just its types), and on the describer importing the rendering", () => {
    const project = mkdtempSync(join(tmpdir(), 'nn-display-sides-'));
    try {
      const put = (path: string, text: string) => {
        mkdirSync(dirname(join(project, path)), { recursive: true });
        writeFileSync(join(project, path), text);
      };
      put('package.json', JSON.stringify({ name: 'fixture', type: 'module' }));
      put(
        'tsconfig.json',
        JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'preserve' } }),
      );
      put(
        'src/notebook/display.ts',
        "export type DisplayItem = { kind: 'text' };\nexport { renderDisplay } from './render.ts';\n",
      );
      put('src/notebook/inspect.ts', 'export const inspect = 1;\n');
      put('components/index.ts', 'export {};\n');
      put(
        'src/notebook/render.ts',
        "import type { DisplayItem } from './display.ts';\nexport const renderDisplay = (item: DisplayItem) => item.kind;\n",
      );
      put('src/notebook/page/output.ts', "import { inspect } from '../inspect.ts';\nexport const shown = inspect;\n");

      const { status, report } = cruise(project);
      expect(status).not.toBe(0);
      expect(report).toContain(
        'page-renders-without-the-describer: src/notebook/page/output.ts → src/notebook/inspect.ts',
      );
      expect(report).toContain('describer-does-not-render: src/notebook/display.ts → src/notebook/render.ts');
      expect(report).not.toContain('src/notebook/render.ts →'); // a type-only import is allowed
      expect(report).toContain('2 dependency violations');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }, 60_000);
});
