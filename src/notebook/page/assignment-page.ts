/**
 * The student's side of an assignment: /assignment/#a=… shows the checklist with live status,
 * remembers the assignment (so assigned chapters show a banner), and makes the hand-in file.
 * No editor is open here, so the file is built from what this browser saved; when storage
 * cannot vouch for that (blocked, or not saving now), the page says which exercises it cannot
 * hand in and sends the student to their chapter pages, where the code is on screen. Before the
 * file is made, the passes it would claim are checked again (recheck.ts).
 *
 * Opening another assignment link in the same tab (only the hash changes, so the page is not
 * reloaded) shows that assignment. The page also moves progress between computers (a progress
 * file) and clears a shared computer for the next student.
 */
import { assignedChapterHref, CURRENT_ASSIGNMENT, currentAssignment, decodeAssignment, dueEnd, formatDue, submissionFileName, type Assignment, type UnavailableExercise } from './assignment.ts';
import { saveValue, storageReadable, storageState, type StorageState } from './storage.ts';
import { exerciseStatus, STATUS_LABEL } from './progress.ts';
import { escapeHtml } from '../../lib/html.ts';
import { downloadFile } from './download.ts';
import { countOf } from '../../lib/plural.ts';
import { formatCount } from '../../lib/numbers.ts';
import { changedSincePass, collectHandin, handInAgainHtml, loadManifest, unavailableHtml, type HandinManifest } from './handin.ts';
import { recheckHtml, recheckPasses } from './recheck.ts';
import { describeStudentData, forgetStudent, rememberStudent, studentData, studentId, studentName } from './student.ts';
import { downloadProgressFile } from './progress-file.ts';
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import { showsAName } from '../../lib/names.ts';

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
  const intro = body.innerHTML;
  const heading = main.querySelector<HTMLElement>('[data-assignment-title]')!;
  const handin = main.querySelector<HTMLElement>('[data-handin]')!;
  const more = main.querySelector<HTMLElement>('[data-assign-more]')!;
  const warning = handin.querySelector<HTMLElement>('[data-handin-warning]')!;
  const form = handin.querySelector<HTMLFormElement>('[data-handin-form]')!;
  const message = form.querySelector<HTMLElement>('[data-handin-message]')!;
  const nameInput = form.querySelector<HTMLInputElement>('input[name="student"]')!;
  const idRow = form.querySelector<HTMLElement>('[data-student-id-row]')!;
  const idInput = form.querySelector<HTMLInputElement>('input[name="studentId"]')!;
  const known = new Map(chapters.map((c) => [c.id, c]));

  /** The assignment shown, null before a link is opened. */
  let a: Assignment | null = null;
  const chapterHref = (chapter: string, anchor = '') => assignedChapterHref(`${base}/chapters/${chapter}/`, a!, anchor);
  // Whether storage was saving when last probed (at load and at each download; never on
  // "storage" events, since the probe itself fires them in other tabs). When it was not, a
  // pass that is stored is still a pass, but "not started" may only mean "not saved".
  const atLoad = storageState();
  let saving = atLoad.saving.ok;

  const render = () => {
    if (!a) return;
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
    const hidden = a.hideSolutions ? ' Your teacher hides the solutions of the assigned exercises until then.' : '';
    // Past the end of the due day, by this computer's clock (the one the file records): said
    // before the student hands in, not found out from the teacher (a red team's student was not told).
    const end = a.due ? dueEnd(a.due) : null;
    const past = end !== null && Date.now() > end ? ' <strong data-assign-past-due>It is past due: work handed in now is marked late.</strong>' : '';
    const due = a.due ? `<p class="assign-due">Due ${escapeHtml(formatDue(a.due))}.${past}${hidden}</p>` : '';
    const summary = !readable
      ? 'Your progress is not known here: this browser does not let this page read it.'
      : total === 0
        ? 'No exercises are assigned: read the chapters and run their cells.'
        : `${formatCount(done)} of ${countOf(total, 'exercise')} passed${saving ? '' : ' that this browser saved; it is not saving now, so this list may be behind'}.`;
    body.innerHTML = `${due}<p class="assign-summary" data-assign-summary>${summary}</p><ol class="assign-list">${items}</ol>`;
  };

  /** Reads the assignment from the address (or the one remembered) and shows it. */
  const open = () => {
    let linked: Assignment | null;
    try {
      linked = decodeAssignment(location.hash);
      if (linked) saveValue(CURRENT_ASSIGNMENT, linked);
    } catch (error) {
      a = null;
      heading.textContent = 'Your assignment';
      handin.hidden = true;
      more.hidden = true;
      body.innerHTML = `<p class="nb-banner nb-notice-warn">This assignment link cannot be read: ${escapeHtml((error as Error).message)}. Ask your teacher for the link again.</p>${intro}`;
      return;
    }
    a = linked ?? currentAssignment();
    if (!a) return;
    message.innerHTML = '';
    idRow.hidden = !a.askFor;
    idInput.required = Boolean(a.askFor);
    form.querySelector('[data-student-id-label]')!.textContent = a.askFor ?? 'Student ID';
    handin.hidden = false;
    more.hidden = false;
    render();
  };
  open();
  window.addEventListener('hashchange', open);
  window.addEventListener('storage', render);
  document.addEventListener('nb-exercise-status', render);

  const showWarning = (state: StorageState) => {
    const why = storageWarning(state);
    warning.hidden = why === null;
    warning.innerHTML = why === null ? '' :
      `<strong>Your browser is not saving your work:</strong> ${escapeHtml(why)}. ` +
      'Hand in from each chapter’s page instead: open an exercise from the list above and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen.';
  };
  showWarning(atLoad);

  nameInput.value = studentName();
  idInput.value = studentId();

  /** Makes the hand-in and downloads it; returns what to tell the student (HTML from escaped parts). */
  const handIn = async (): Promise<string> => {
    const assignment = a!;
    const student = nameInput.value.trim();
    const id = idInput.value.trim();
    if (!showsAName(student) || (assignment.askFor && !id)) {
      (showsAName(student) ? idInput : nameInput).focus();
      return `<p>Type your name${assignment.askFor ? ` and your ${escapeHtml(assignment.askFor)}` : ''} in the form above, then download again.</p>`;
    }
    rememberStudent(student, assignment.askFor ? id : undefined);
    let manifest: HandinManifest;
    try {
      manifest = await loadManifest(base);
    } catch {
      return 'Could not read the book’s list of exercises. Check your connection and try again.';
    }
    const state = storageState();
    if (saving !== state.saving.ok) {
      saving = state.saving.ok;
      render();
    }
    showWarning(state);
    const submission = collectHandin({ assignment, student, studentId: assignment.askFor ? id : undefined, manifest, state, onScreen: () => null });
    const missing = submission.unavailable ?? [];
    const title = (chapter: string, exercise: string) => manifest.exercises.find((e) => e.chapter === chapter && e.id === exercise)?.title ?? exercise;
    const describe = (chapter: string, exercise: string) => ({ title: title(chapter, exercise), href: chapterHref(chapter, `exercise-${exercise}`) });
    const list = (unavailable: UnavailableExercise[]) => unavailableHtml(unavailable, (u) => describe(u.chapter, u.exercise));
    if (missing.length > 0 && submission.work.length === 0) {
      // A file with none of the student's code would only mislead: say where the code is instead.
      return `<p>Nothing downloaded: this page does not have your code for these exercises.</p>${list(missing)}` +
        '<p>Open each one and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen.</p>';
    }
    const changed = changedSincePass(submission);
    const passes = submission.work.filter((w) => w.recorded === 'passed').length;
    if (passes) message.innerHTML = `<p>Checking again the ${passes === 1 ? 'exercise that passed' : `${passes} exercises that passed`}…</p>`;
    const rechecked = await recheckPasses(submission, { onPage: () => false, manifest: async () => await loadManifest(base) as unknown as ExerciseManifest });
    render();
    const name = submissionFileName(submission);
    downloadFile(name, JSON.stringify(submission, null, 2), 'application/json');
    return `<p>Saved ${escapeHtml(name)}. Hand this file in.${rechecked.checked && !rechecked.lost.length && !rechecked.unchecked.length
      ? ` ${rechecked.checked === 1 ? 'The exercise that passed was' : `The ${rechecked.checked} exercises that passed were`} checked again and still ${rechecked.checked === 1 ? 'passes' : 'pass'}.` : ''}</p>` +
      recheckHtml(rechecked, describe) + (changed.length
      ? `<p>Your code for ${changed.map((w) => `“${escapeHtml(title(w.chapter, w.exercise))}”`).join(', ')} changed since it passed, ` +
        'so the file says “attempted”. Check it again on its chapter’s page, then download again.</p>'
      : '') + (missing.length
      ? `<p>It does not hold your code for these exercises, because this page does not have it:</p>${list(missing)}` +
        '<p>Open each one and use <strong>Download my work</strong> at the top of its chapter, where your code is on screen; hand in that file too.</p>'
      : '') + handInAgainHtml(submission);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.innerHTML = await handIn();
  });

  startNewStudent(main, handIn, () => a?.askFor);
}

const JUST_CLEARED = 'nnfs:new-student';

/** "New student on this computer": a confirmation that lists exactly what goes, offers to download it first, then clears it. */
function startNewStudent(main: HTMLElement, handIn: () => Promise<string>, askFor: () => string | undefined) {
  const dialog = main.querySelector<HTMLDialogElement>('[data-new-student-dialog]')!;
  const what = dialog.querySelector<HTMLElement>('[data-new-student-what]')!;
  const saved = dialog.querySelector<HTMLElement>('[data-new-student-saved]')!;
  const done = main.querySelector<HTMLElement>('[data-new-student-message]')!;
  main.querySelector('[data-new-student]')!.addEventListener('click', () => {
    const lines = describeStudentData(studentData(), askFor() ?? 'student ID');
    what.innerHTML = lines.length
      ? `<p>This removes from this browser:</p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
      : '<p>This browser holds no name, code or progress of a student: there is nothing to remove.</p>';
    saved.innerHTML = '';
    dialog.showModal();
  });
  dialog.querySelector('[data-new-student-cancel]')!.addEventListener('click', () => dialog.close());
  dialog.querySelector('[data-new-student-handin]')!.addEventListener('click', async () => {
    saved.innerHTML = await handIn();
  });
  dialog.querySelector('[data-new-student-progress]')!.addEventListener('click', () => {
    const { name } = downloadProgressFile();
    saved.textContent = `Saved ${name}.`;
  });
  dialog.querySelector('[data-new-student-confirm]')!.addEventListener('click', () => {
    const failed = forgetStudent(studentData());
    dialog.close();
    if (failed) {
      done.textContent = `${failed} ${failed === 1 ? 'entry' : 'entries'} could not be removed: this browser refused. Clear this site’s data in the browser’s settings instead.`;
      return;
    }
    // A fresh page: nothing of the previous student stays in this page's memory either.
    try { sessionStorage.setItem(JUST_CLEARED, '1'); } catch { /* the message after the reload is lost, nothing else */ }
    location.reload();
  });
  let cleared = false;
  try {
    cleared = sessionStorage.getItem(JUST_CLEARED) !== null;
    sessionStorage.removeItem(JUST_CLEARED);
  } catch {
    // blocked storage: no message to show
  }
  if (cleared) {
    done.textContent = 'Done: the previous student’s name, code and progress are gone from this browser. Type your own name to start.';
  }
}
