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
