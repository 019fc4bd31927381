import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README shows the network module with "its real output": this keeps that true.
describe('the README’s example', () => {
  it('prints exactly the output the README shows', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## The network module'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1];
    const expected = /Output:\n\n```\n([\s\S]*?)```/.exec(section)![1];
    const dir = mkdtempSync(join(tmpdir(), 'readme-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, code.replace("'./src/nn/index.ts'", `'${resolve('src/nn/index.ts')}'`));
    const output = execFileSync(process.execPath, ['--experimental-strip-types', '--no-warnings', file], { encoding: 'utf8' });
    expect(output).toBe(expected);
  });
});

// The folder map is where a newcomer starts, so it must match the tree: every folder a newcomer
// would open is in it, and everything it names exists.
describe('the README’s folder map', () => {
  const readme = readFileSync('README.md', 'utf8');
  const map = /## Folder map\n\n```\n([\s\S]*?)```/.exec(readme)![1];
  const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).trim().split('\n');
  const folders = new Set(files.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/') + '/')));
  // A folder may be written with or without its closing slash ("tests/nn"); a top-level folder is
  // named by the lines of its own folders ("src/nn/").
  const named = (path: string) =>
    new RegExp(`(^|[\\s(\`])${path.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${path.endsWith('/') ? '(/|\\b)' : '\\b'}`, 'm').test(map) ||
    (path.split('/').length === 2 && path.endsWith('/') && map.split('\n').some((line) => line.startsWith(path)));

  it('names every top-level folder, every folder in src/, public/ and tests/, and every file in src/lib/ and docs/', () => {
    const wanted = [...folders].filter((folder) => {
      const parts = folder.split('/').length - 1;
      return parts === 1 ? !['content/', 'public/', '.ci/'].includes(folder) : parts === 2 && /^(src|public|tests|content)\//.test(folder);
    });
    const libraryFiles = files.filter((file) => /^(src\/lib|docs)\/[^/]+$/.test(file)).map((file) => file.split('/').pop()!);
    const missing = [...wanted.filter((folder) => !named(folder)), ...libraryFiles.filter((file) => !named(file)), ...(named('.ci/run') ? [] : ['.ci/run'])];
    expect(missing, 'add these to README’s folder map').toEqual([]);
  });

  it('names only folders and files that exist', () => {
    const basenames = new Set(files.map((file) => file.split('/').pop()));
    const paths = [...map.matchAll(/(?<![\w./-])((?:[\w.-]+\/)+[\w.-]*)/g)].map((match) => match[1]).filter((path) => !path.startsWith('/'));
    const names = [...map.matchAll(/(?<![\w./-])([\w-]+(?:\.[\w-]+)*\.(?:ts|mjs|cjs|md|json|astro))\b/g)].map((match) => match[1]);
    const gone = [
      ...paths.filter((path) => !folders.has(path.endsWith('/') ? path : path + '/') && !files.includes(path)),
      // A page's name is its file's less the generator's extension: exercises.json is exercises.json.ts.
      ...names.filter((name) => ![...basenames].some((file) => file === name || file?.startsWith(name + '.'))),
    ];
    expect(gone, 'README’s folder map names what is not in the tree').toEqual([]);
  });
});
