/**
 * The student's side of an assignment: /assignment/#a=… shows the checklist with live status,
 * remembers the assignment (so assigned chapters show a banner), and makes the hand-in file.
 * No editor is open here, so the file is built from what this browser saved; when storage
 * cannot vouch for that (blocked, or not saving now), the page says which exercises it cannot
 * hand in and sends the student to their chapter pages, where the code is on screen.
 */
import { assignedChapterHref, CURRENT_ASSIGNMENT, currentAssignment, decodeAssignment, submissionFileName, type Assignment, type UnavailableExercise } from './assignment.ts';
import { loadValue, saveValue, storageReadable, storageState, type StorageState } from './storage.ts';
import { exerciseStatus, STATUS_LABEL } from './progress.ts';
import { escapeHtml } from '../render.ts';
import { downloadFile } from './download.ts';
import { countOf, formatCount } from '../../lib/plural.ts';
import { changedSincePass, collectHandin, loadManifest, unavailableHtml, type HandinManifest } from './handin.ts';

interface ChapterInfo { id: string; order: number; title: string; exercises: { id: string; title: string }[] }

/** Why this page cannot trust what is saved, for the student; null when it can. */
function storageWarning(state: StorageState): string | null {
  if (!state.readable) return 'this browser blocks storage for this site, so this page cannot see the work you did in the chapters';
  if (!state.saving.ok) return `${state.saving.reason}, so what this page has may be older than the code on your chapter pages`;
  return null;
}

export function startAssignmentPage() {
  const main = document.querySelector<HTMLElement>('main[data-chapters]')!;
  const chapters = JSON.parse(main.dataset.chapters!) as ChapterInfo[];
  const base = main.dataset.base!.replace(/\/$/, '');
  const body = main.querySelector<HTMLElement>('[data-assignment-body]')!;
  const heading = main.querySelector<HTMLElement>('[data-assignment-title]')!;

  let assignment: Assignment | null = null;
  try {
    assignment = decodeAssignment(location.hash);
    if (assignment) saveValue(CURRENT_ASSIGNMENT, assignment);
  } catch (error) {
    body.insertAdjacentHTML('afterbegin', `<p class="nb-banner nb-notice-warn">This assignment link cannot be read: ${escapeHtml((error as Error).message)}. Ask your teacher for the link again.</p>`);
    return;
  }
  assignment ??= currentAssignment();
  if (!assignment) return;
  const a = assignment;

  const known = new Map(chapters.map((c) => [c.id, c]));
  const chapterHref = (chapter: string, anchor = '') => assignedChapterHref(`${base}/chapters/${chapter}/`, a, anchor);
  // Whether storage was saving when last probed (at load and at each download; never on
  // "storage" events, since the probe itself fires them in other tabs). When it was not, a
  // pass that is stored is still a pass, but "not started" may only mean "not saved".
  const atLoad = storageState();
  let saving = atLoad.saving.ok;
  const render = () => {
    const readable = storageReadable();
    heading.textContent = a.title;
    let done = 0;
    let total = 0;
    const items = a.items.map((item) => {
      const chapter = known.get(item.chapter);
      if (!chapter) return `<li>A chapter that is not in this version of the book (${escapeHtml(item.chapter)}). Ask your teacher.</li>`;
      const exercises = item.exercises.map((id) => {
        const exercise = chapter.exercises.find((e) => e.id === id);
        const status = exerciseStatus(chapter.id, id);
        total += 1;
        if (status === 'passed') done += 1;
        const title = exercise ? escapeHtml(exercise.title) : `${escapeHtml(id)} (no longer in the chapter)`;
        const label = readable && (saving || status === 'passed')
          ? `<span class="assign-status" data-status="${status}">${status === 'passed' ? '✓ ' : ''}${STATUS_LABEL[status]}</span> `
          : '<span class="assign-status" data-status="unknown">not known here</span> ';
        return `<li>${label}<a href="${escapeHtml(chapterHref(chapter.id, `exercise-${id}`))}">${title}</a></li>`;
      }).join('');
      return `<li><a href="${escapeHtml(chapterHref(chapter.id))}"><strong>Chapter ${chapter.order}: ${escapeHtml(chapter.title)}</strong></a>` +
        (exercises ? `<ul>${exercises}</ul>` : '<p>Read the chapter and run its cells.</p>') + '</li>';
    }).join('');
    const due = a.due ? `<p class="assign-due">Due ${escapeHtml(new Date(`${a.due}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }))}</p>` : '';
    const summary = !readable
      ? 'Your progress is not known here: this browser does not let this page read it.'
      : total === 0
        ? 'No exercises are assigned: read the chapters and run their cells.'
        : `${formatCount(done)} of ${countOf(total, 'exercise')} passed${saving ? '' : ' that this browser saved; it is not saving now, so this list may be behind'}.`;
    body.innerHTML = `${due}<p class="assign-summary" data-assign-summary>${summary}</p><ol class="assign-list">${items}</ol>`;
  };
  render();
  window.addEventListener('storage', render);
  document.addEventListener('nb-exercise-status', render);

  const handin = main.querySelector<HTMLElement>('[data-handin]')!;
  handin.hidden = false;
  const warning = handin.querySelector<HTMLElement>('[data-handin-warning]')!;
  const showWarning = (state: StorageState) => {
    const why = storageWarning(state);
    warning.hidden = why === null;
    warning.innerHTML = why === null ? '' :
      `<strong>Your browser is not saving your work:</strong> ${escapeHtml(why)}. ` +
      'Hand in from each chapter’s page instead: open an exercise from the list above and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen.';
  };
  showWarning(atLoad);

  const form = handin.querySelector<HTMLFormElement>('[data-handin-form]')!;
  const nameInput = form.querySelector<HTMLInputElement>('input[name="student"]')!;
  nameInput.value = loadValue('student:name', (v): v is string => typeof v === 'string') ?? '';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = form.querySelector<HTMLElement>('[data-handin-message]')!;
    const student = nameInput.value.trim();
    saveValue('student:name', student);
    let manifest: HandinManifest;
    try {
      manifest = await loadManifest(base);
    } catch {
      message.textContent = 'Could not read the book’s list of exercises. Check your connection and try again.';
      return;
    }
    const state = storageState();
    if (saving !== state.saving.ok) {
      saving = state.saving.ok;
      render();
    }
    showWarning(state);
    const submission = collectHandin({ assignment: a, student, manifest, state, onScreen: () => null });
    const missing = submission.unavailable ?? [];
    const title = (chapter: string, id: string) => manifest.exercises.find((e) => e.chapter === chapter && e.id === id)?.title ?? id;
    const list = (unavailable: UnavailableExercise[]) => unavailableHtml(unavailable, (u) => ({
      title: title(u.chapter, u.exercise),
      href: chapterHref(u.chapter, `exercise-${u.exercise}`),
    }));
    if (missing.length > 0 && submission.work.length === 0) {
      // A file with none of the student's code would only mislead: say where the code is instead.
      message.innerHTML = `<p>Nothing downloaded: this page does not have your code for these exercises.</p>${list(missing)}` +
        '<p>Open each one and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen.</p>';
      return;
    }
    const name = submissionFileName(submission);
    downloadFile(name, JSON.stringify(submission, null, 2), 'application/json');
    const changed = changedSincePass(submission);
    message.innerHTML = `<p>Saved ${escapeHtml(name)}. Hand this file in.</p>` + (changed.length
      ? `<p>Your code for ${changed.map((w) => `“${escapeHtml(title(w.chapter, w.exercise))}”`).join(', ')} changed since it passed, ` +
        'so the file says “attempted”. Check it again on its chapter’s page, then download again.</p>'
      : '') + (missing.length
      ? `<p>It does not hold your code for these exercises, because this page does not have it:</p>${list(missing)}` +
        '<p>Open each one and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen; hand in that file too.</p>'
      : '');
  });
}
