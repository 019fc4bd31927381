/**
 * The exercises a chapter contains, read from its MDX source: for progress (home page and
 * sidebar), the teacher's guide and assignments. The build itself validates each exercise
 * (src/markdown/remark-cells.mjs); this only lists them.
 */
export interface ExerciseInfo {
  id: string;
  title: string;
  /** The checks' source, so a teacher can see exactly what is tested. */
  checks: string;
  /** The labels the checks give themselves, in order (those with a `label:`). */
  checkLabels: string[];
}

const OPEN = /<Exercise\s+([^>]*)>/g;
const attr = (attrs: string, name: string) => new RegExp(`${name}=(?:"([^"]*)"|'([^']*)')`).exec(attrs);

export function listExercises(mdx: string): ExerciseInfo[] {
  const found: ExerciseInfo[] = [];
  for (const match of mdx.matchAll(OPEN)) {
    const id = attr(match[1], 'id');
    const title = attr(match[1], 'title');
    if (!id || !title) continue;
    const rest = mdx.slice(match.index! + match[0].length);
    const body = rest.slice(0, Math.max(0, rest.indexOf('</Exercise>')));
    const checks = /```ts checks\n([\s\S]*?)\n```/.exec(body)?.[1] ?? '';
    const checkLabels = [...checks.matchAll(/label:\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    found.push({ id: id[1] ?? id[2], title: title[1] ?? title[2], checks, checkLabels });
  }
  return found;
}
