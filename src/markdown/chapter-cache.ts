/**
 * What the build learnt by running a chapter's code, kept on disk: each cell's result, and each
 * exercise's solution judgement. A build of the same chapter text with the same code (a second
 * build under a base path, a rebuild after a change to a page's style) reads it instead of
 * running the chapter again, so it skips about a minute and a half of the two-core build.
 *
 * Only a chapter that passed everything is kept (every cell ran as its options say, the types
 * check, every solution passes and every starter fails), so a hit is that proof, made earlier on
 * the same inputs. The key covers every input of the runs: the chapter's text, every file under
 * src/ (the runtime, the kernel, the checks, the type declarations), the locked dependencies and
 * Node's version. A fresh clone has no cache, so CI's first build proves everything afresh.
 * `NN_CHAPTER_CACHE=off` turns the cache off; deleting .astro/cache/chapters/ empties it.
 *
 * Stored with v8.serialize (the structured clone the worker thread already used), so NaN, -0 and
 * `undefined` in results survive as they were, where JSON would change them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CellResult } from '../notebook/kernel.ts';
import type { Judgement } from '../notebook/node-judge.ts';

export interface ChapterRun {
  /** The runnable units' results, in run order (runOrder in notebook-syntax.ts). */
  results: CellResult[];
  /** Each exercise's solution judgement, by exercise id. */
  solutions: Record<string, Judgement>;
}

const FORMAT = 1;
const folder = resolve('.astro/cache/chapters');
const enabled = () => process.env.NN_CHAPTER_CACHE !== 'off';

let fingerprint: string | undefined;

/** A hash of everything besides the chapter's text that its runs read; computed once a process. */
function codeFingerprint(): string {
  return (fingerprint ??= fingerprintOf(['src'], ['package-lock.json']));
}

/** A hash of every file under `folders` (by path and content) and of `files`, with the format and Node's version. */
export function fingerprintOf(folders: readonly string[], files: readonly string[]): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${process.version}\0`);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
    }
  };
  for (const folder of folders) walk(folder);
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const keyOf = (text: string) => createHash('sha256').update(codeFingerprint()).update(text).digest('hex');
const fileOf = (chapter: string) => join(folder, `${chapter}.bin`);

/** The kept run of `chapter` when it was made from this `text` and this code, else null. */
export function readChapterRun(chapter: string, text: string): ChapterRun | null {
  if (!enabled()) return null;
  let stored: { key: string; run: ChapterRun };
  try {
    stored = deserialize(readFileSync(fileOf(chapter)));
  } catch {
    return null; // none yet, or a file cut short: the chapter runs again and writes a new one
  }
  return stored?.key === keyOf(text) ? stored.run : null;
}

/** Keeps the run of `chapter` that passed everything, replacing the one kept before. */
export function keepChapterRun(chapter: string, text: string, run: ChapterRun): void {
  if (!enabled()) return;
  mkdirSync(folder, { recursive: true });
  // Written whole, then renamed: a build running beside this one never reads half a file.
  const temporary = `${fileOf(chapter)}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize({ key: keyOf(text), run }));
  renameSync(temporary, fileOf(chapter));
}
