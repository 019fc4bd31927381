/**
 * Who is handing in on this computer: the name (and the student ID or e-mail an assignment
 * asks for) remembered between visits, and "New student on this computer", which forgets the
 * previous student's name, code and progress so that a shared lab machine does not hand the
 * next student someone else's work. Settings (the theme) and the current assignment stay.
 */
import { browserStorage, loadValue, saveValue, valueKey } from './storage.ts';
import { BROWSER_ID } from './assignment.ts';

const NAME = 'student:name';
const ID = 'student:id';
const BROWSER = 'student:browser';
const isText = (v: unknown): v is string => typeof v === 'string';

export const studentName = () => loadValue(NAME, isText) ?? '';
export const studentId = () => loadValue(ID, isText) ?? '';
export const rememberStudent = (name: string, id?: string) => {
  saveValue(NAME, name);
  if (id !== undefined) saveValue(ID, id);
};

/**
 * This browser's id for its student, written into every hand-in (the file's `browser`): made at
 * random the first time and kept, so the review page can tell a student's second file (the same
 * id) from a file under the same name made elsewhere, perhaps by a classmate. "New student on
 * this computer" forgets it with the name. Undefined when storage cannot keep it: an id made
 * afresh for each file would make a student's own second file look like another browser's.
 */
export function browserId(): string | undefined {
  const kept = loadValue(BROWSER, (v): v is string => isText(v) && BROWSER_ID.test(v));
  if (kept) return kept;
  const made = crypto.randomUUID();
  return saveValue(BROWSER, made).ok && loadValue(BROWSER, isText) === made ? made : undefined;
}

/** What "New student on this computer" would remove: counts for the confirmation, and the keys. */
export interface StudentData {
  name: string;
  id: string;
  /** Saved code of cells and exercises, in how many chapters. */
  drafts: number;
  chapters: number;
  /** Exercises with a recorded status (attempted or passed). */
  exercises: number;
  keys: string[];
}

const DRAFT = valueKey('draft:');
const EXERCISE = valueKey('exercise:');

/** The previous student's data in this browser's storage (nothing when storage is blocked). */
export function studentData(storage: Storage | null = browserStorage()): StudentData {
  const keys: string[] = [];
  const chapters = new Set<string>();
  let drafts = 0;
  let exercises = 0;
  try {
    for (let i = 0; i < (storage?.length ?? 0); i++) {
      const key = storage!.key(i);
      if (!key) continue;
      if (key.startsWith(DRAFT)) {
        drafts += 1;
        chapters.add(key.slice(DRAFT.length).split(':')[0]);
      } else if (key.startsWith(EXERCISE)) {
        exercises += 1;
      } else if (key !== valueKey(NAME) && key !== valueKey(ID) && key !== valueKey(BROWSER)) {
        continue;
      }
      keys.push(key);
    }
  } catch {
    // storage that cannot be listed holds nothing this page can remove
  }
  if (studentName() && !keys.includes(valueKey(NAME))) keys.push(valueKey(NAME));
  return { name: studentName(), id: studentId(), drafts, chapters: chapters.size, exercises, keys };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The confirmation's list of what goes, in the student's words: one line per kind of data, only kinds that are there. */
export function describeStudentData(data: StudentData, idLabel = 'student ID'): string[] {
  const lines: string[] = [];
  if (data.name) lines.push(`the name “${data.name}”`);
  if (data.id) lines.push(`the ${idLabel} “${data.id}”`);
  if (data.drafts) lines.push(`${plural(data.drafts, 'piece', 'pieces')} of saved code (edited cells and exercise answers) in ${plural(data.chapters, 'chapter', 'chapters')}`);
  if (data.exercises) lines.push(`the progress of ${plural(data.exercises, 'exercise', 'exercises')} (attempted or passed)`);
  return lines;
}

/** Removes the keys found by studentData; returns how many it could not remove (storage refusing). */
export function forgetStudent(data: StudentData, storage: Storage | null = browserStorage()): number {
  let failed = 0;
  for (const key of data.keys) {
    try {
      storage?.removeItem(key);
    } catch {
      failed += 1;
    }
  }
  return failed;
}
