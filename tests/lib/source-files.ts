// The project's source files, for tests that scan the code for a rule ("one of each thing").
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts, .mjs and .astro file under the given folders (relative to the project), recursively. */
export function sourceFiles(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return /\.(ts|mjs|astro)$/.test(name) ? [path] : [];
    }),
  );
}
