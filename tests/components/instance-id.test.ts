// Two copies of a widget on one page must not share element ids: a label, an <output> or an
// SVG's title and arrow markers would point at the first copy's elements (issue 16, item 2).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idOf, instanceId } from '../../components/widgets/instance-id.ts';
import { htmlFiles } from '../content/site.ts';

const components = 'components';
const widgets = join(components, 'widgets');

describe('instanceId', () => {
  it('gives the first copy on a page the plain prefix and later copies a number', () => {
    const page = {};
    expect([instanceId(page, 'gd'), instanceId(page, 'gd'), instanceId(page, 'se'), instanceId(page, 'gd')]).toEqual(['gd', 'gd-2', 'se', 'gd-3']);
  });

  it('starts again on the next page', () => {
    const first = {};
    instanceId(first, 'bp');
    expect(instanceId({}, 'bp')).toBe('bp');
  });
});

// The elements redraw with the prefix their component gave them; a missing one used to fall back
// to the first copy's prefix ('gd', 'se', …) and point this copy's arrows at that copy.
describe('idOf', () => {
  const element = (id?: string) => ({ localName: 'gradient-descent-explorer', dataset: id === undefined ? {} : { id } }) as unknown as HTMLElement;
  it("reads the element's own prefix", () => {
    expect(idOf(element('gd-2'))).toBe('gd-2');
  });
  it('refuses an element without one, saying how to give it one', () => {
    expect(() => idOf(element())).toThrow('<gradient-descent-explorer> has no data-id: render it with instanceId(Astro.locals, …) and pass the result as data-id');
  });
});

// No widget model falls back to a fixed prefix of its own (`id = 'gd'`, `?? 'gd'`).
it('no widget has a default id prefix', () => {
  const dir = 'components/widgets';
  const defaults = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8').split('\n').flatMap((line, i) =>
      /\bid\s*=\s*'[\w-]+'\s*[,)]|dataset\.id\s*\?\?/.test(line) ? [`${dir}/${f}:${i + 1}: ${line.trim()}`] : []));
  expect(defaults).toEqual([]);
});

// Every id a widget writes is built from its instance prefix: a literal id (id="fs-seed") or one
// made from a fixed string (id={`gd-start-${i}`}) is the same on every copy.
function fixedIds(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\s(id|for|aria-labelledby)=("[^"]*"|\{`[^`]*`\}|\{[^}]*\})/g)) {
      const value = m[2];
      if (value.startsWith('{') && !value.startsWith('{`')) continue; // a variable: the prefix itself, or a cell's id
      if (/^(\{`|")\$\{/.test(value)) continue; // starts with a variable (the prefix, or an id made from it)
      found.push(`${file}:${i + 1}: ${m[1]}=${value}`);
    }
    for (const m of line.matchAll(/url\(#([^)]*)\)/g)) {
      if (!m[1].startsWith('${')) found.push(`${file}:${i + 1}: url(#${m[1]})`);
    }
  });
  return found;
}

describe('widget element ids', () => {
  it('are built from each copy’s own prefix, never written out', () => {
    const widgetComponents = readdirSync(components).filter((f) => f.endsWith('.astro'))
      .map((f) => join(components, f))
      .filter((f) => /<[a-z]+-[a-z-]+\s/.test(readFileSync(f, 'utf8'))); // a custom element: a widget
    const models = readdirSync(widgets).filter((f) => f.endsWith('.ts')).map((f) => join(widgets, f));
    expect(widgetComponents.length).toBeGreaterThan(8);
    expect([...widgetComponents, ...models].flatMap(fixedIds)).toEqual([]);
  });

  it('are unique on every built page', () => {
    // npm test builds dist/ first; the links test builds it when run alone.
    expect(existsSync('dist/index.html'), 'no built site in dist/: run `npm run build`').toBe(true);
    const duplicates: string[] = [];
    for (const file of htmlFiles('dist/')) {
      const seen = new Map<string, number>();
      for (const [, id] of readFileSync(file, 'utf8').matchAll(/\sid="([^"]*)"/g)) seen.set(id, (seen.get(id) ?? 0) + 1);
      for (const [id, n] of seen) if (n > 1) duplicates.push(`${file}: id="${id}" ×${n}`);
    }
    expect(duplicates).toEqual([]);
  });
});
