/**
 * "Download my work" checks again, before the file is made, every exercise the file would say
 * passed: a pass recorded earlier may no longer hold (the book's checks changed since, or the
 * chapter's cells did). Exercises on the chapter page are checked as "Check my answer" does
 * (exercises.ts, results shown under them); the others, whose code is the draft this browser
 * saved, are judged the way the teacher's review will judge them (review.ts: a fresh worker,
 * the book's cells, then the code, then the checks). A pass that fails now is taken back, in
 * the file and in this browser's progress, and the student is told which and why.
 */
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import type { Submission } from './assignment.ts';
import type { CheckVerdict } from './exercises.ts';
import { recordExercise } from './progress.ts';
import { escapeHtml } from '../../lib/html.ts';

/** A recorded pass that did not hold when checked again, and the first check it fails. */
export interface LostPass { chapter: string; exercise: string; failure: string }

export interface RecheckResult {
  lost: LostPass[];
  /** Passes that could not be checked again (the code runner did not start, a time limit), with why: they stay as recorded. */
  unchecked: { chapter: string; exercise: string; why: string }[];
  /** How many passes were checked again. */
  checked: number;
}

/**
 * Checks again the passes in `submission` and marks the ones that fail as "attempted" in it.
 * `onPage` says whether an exercise's editor is on this page (checked there, in view, by `checkOnPage`);
 * `manifest` loads the book's exercises for the others.
 */
export async function recheckPasses(submission: Submission, options: {
  onPage: (chapter: string, id: string) => boolean;
  /** The page's "Check my answer" for an exercise on it (exercises.ts checkExercise); passed in so other pages need not load the notebook. */
  checkOnPage?: (id: string) => Promise<CheckVerdict> | null;
  manifest: () => Promise<ExerciseManifest>;
}): Promise<RecheckResult> {
  const result: RecheckResult = { lost: [], unchecked: [], checked: 0 };
  const passes = submission.work.filter((w) => w.recorded === 'passed');
  const saved = passes.filter((w) => !options.onPage(w.chapter, w.exercise));
  for (const w of passes.filter((p) => options.onPage(p.chapter, p.exercise))) {
    const verdict = await options.checkOnPage?.(w.exercise);
    result.checked += 1;
    if (!verdict || !verdict.judged) result.unchecked.push({ chapter: w.chapter, exercise: w.exercise, why: verdict ? verdict.why : 'it is not on this page' });
    else if (!verdict.passed) result.lost.push({ chapter: w.chapter, exercise: w.exercise, failure: verdict.firstFailure ?? 'a check fails' });
  }
  if (saved.length) {
    let manifest: ExerciseManifest | null = null;
    try {
      manifest = await options.manifest();
    } catch (error) {
      for (const w of saved) result.unchecked.push({ chapter: w.chapter, exercise: w.exercise, why: `the book’s exercises could not be loaded (${(error as Error).message})` });
    }
    if (manifest) {
      // Loaded only when needed: the code runner and the reviewer are not part of the page otherwise.
      const { Reviewer } = await import('./review.ts');
      const reviewer = new Reviewer(manifest, { parallel: 1, spares: 0 });
      const text = JSON.stringify({ ...submission, work: saved, unavailable: undefined });
      const outcome = await reviewer.reviewFile({ name: 'your-work.json', size: text.length, text: async () => text });
      reviewer.dispose();
      if (!outcome.ok) {
        for (const w of saved) result.unchecked.push({ chapter: w.chapter, exercise: w.exercise, why: outcome.message });
      } else {
        for (const e of outcome.review.exercises) {
          result.checked += 1;
          const fromCode = e.verdict === 'error' && /^(The code stops with|While checking)/.test(e.message ?? '');
          if (e.verdict === 'passed') continue;
          if (e.verdict === 'failed' || fromCode) {
            result.lost.push({ chapter: e.work.chapter, exercise: e.work.exercise, failure: e.results.find((r) => !r.pass)?.label ?? e.message ?? 'a check fails' });
            recordExercise(e.work.chapter, e.work.exercise, 'attempted', e.work.code); // the pass of this code is taken back
          } else {
            result.unchecked.push({ chapter: e.work.chapter, exercise: e.work.exercise, why: e.message ?? 'it could not be checked' });
          }
        }
      }
    }
  }
  const lostKeys = new Set(result.lost.map((l) => `${l.chapter}/${l.exercise}`));
  for (const w of submission.work) if (lostKeys.has(`${w.chapter}/${w.exercise}`)) w.recorded = 'attempted';
  return result;
}

/** What the student reads about the re-check (HTML from escaped parts); empty when every pass held. */
export function recheckHtml(result: RecheckResult, describe: (chapter: string, id: string) => { title: string; href: string }): string {
  const item = (chapter: string, id: string, text: string) => {
    const { title, href } = describe(chapter, id);
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(title)}</a>: ${escapeHtml(text)}</li>`;
  };
  let html = '';
  if (result.lost.length) {
    html += `<p class="handin-lost"><strong>⚠ ${result.lost.length === 1 ? 'An exercise that had passed fails' : `${result.lost.length} exercises that had passed fail`} its checks now</strong>, ` +
      'so the file says “attempted” for ' + (result.lost.length === 1 ? 'it' : 'them') + '. Open ' + (result.lost.length === 1 ? 'it' : 'each') +
      ', fix the code, check it, and download again:</p>' +
      `<ul class="handin-missing">${result.lost.map((l) => item(l.chapter, l.exercise, `fails “${l.failure}”`)).join('')}</ul>`;
  }
  if (result.unchecked.length) {
    html += '<p>These passes could not be checked again, so the file says what your browser recorded:</p>' +
      `<ul class="handin-missing">${result.unchecked.map((u) => item(u.chapter, u.exercise, u.why)).join('')}</ul>`;
  }
  return html;
}
