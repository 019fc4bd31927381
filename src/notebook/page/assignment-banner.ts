// On a chapter that belongs to the student's assignment, a banner says so, with the
// assignment's progress, a way back to its checklist, and "Download my work": the hand-in made
// from the code on this page's editors (whatever storage did) and what was saved for the rest.
// The assignment comes from the page's address when the checklist's link carries it (a browser
// that blocks or fills storage cannot remember it), else from the one remembered.
// Before the file is made, the passes it would claim are checked again (recheck.ts). When the
// teacher hides solutions until the due date, the assigned exercises' solutions are out of sight
// here until then (by this computer's clock: hidden, not secret, as the note in their place says).
import { assignmentFromQuery, currentAssignment, dueEnd, encodeAssignment, assignedChapterHref, formatDue, submissionFileName, type Assignment } from './assignment.ts';
import { exerciseStatus } from './progress.ts';
import { storageState } from './storage.ts';
import { rememberStudent, studentId, studentName } from './student.ts';
import { recheckHtml, recheckPasses } from './recheck.ts';
import { checkExercise } from './exercises.ts';
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import { changedSincePass, collectHandin, handInAgainHtml, loadManifest, unavailableHtml, type HandinManifest } from './handin.ts';
import { downloadFile } from './download.ts';
import { countOf } from '../../lib/plural.ts';
import { formatCount } from '../../lib/numbers.ts';
import { escapeHtml } from '../../lib/html.ts';
import { pageNotebook } from './page-notebook.ts';
import type { DownloadWorkDetail } from './save-notice.ts';
import { showsAName } from '../../lib/names.ts';

export function startAssignmentBanner(banner: HTMLElement) {
  const chapter = banner.dataset.chapter!;
  const base = (banner.dataset.base ?? '/').replace(/\/$/, '');
  const fromLink = assignmentFromQuery(location.search);
  const assigned = (): { assignment: Assignment; exercises: string[] } | null => {
    const assignment = fromLink ?? currentAssignment();
    const item = assignment?.items.find((i) => i.chapter === chapter);
    return assignment && item ? { assignment, exercises: item.exercises } : null;
  };
  const form = banner.querySelector<HTMLFormElement>('[data-banner-handin]')!;
  const nameInput = form.querySelector<HTMLInputElement>('input[name="student"]')!;
  const idRow = form.querySelector<HTMLElement>('[data-student-id-row]')!;
  const idInput = form.querySelector<HTMLInputElement>('input[name="studentId"]')!;
  const message = banner.querySelector<HTMLElement>('[data-banner-message]')!;

  const render = () => {
    const found = assigned();
    if (!found) { banner.hidden = true; return; }
    const { assignment, exercises } = found;
    const passed = exercises.filter((id) => exerciseStatus(chapter, id) === 'passed').length;
    const due = assignment.due ? `, due ${formatDue(assignment.due, { month: 'long', day: 'numeric' })}` : '';
    banner.querySelector('[data-banner-text]')!.textContent = exercises.length
      ? `Assigned in “${assignment.title}”${due}: ${formatCount(passed)} of ${countOf(exercises.length, 'exercise')} in this chapter passed.`
      : `Assigned in “${assignment.title}”${due}: read this chapter and run its cells.`;
    banner.querySelector<HTMLAnchorElement>('[data-banner-checklist]')!.href = `${base}/assignment/#${encodeAssignment(assignment)}`;
    form.hidden = exercises.length === 0;
    idRow.hidden = !assignment.askFor;
    idInput.required = Boolean(assignment.askFor);
    form.querySelector('[data-student-id-label]')!.textContent = assignment.askFor ?? 'Student ID';
    banner.hidden = false;
  };
  render();
  document.addEventListener('nb-exercise-status', render);
  nameInput.value = studentName();
  idInput.value = studentId();
  const found = assigned();
  if (found) hideSolutions(found.assignment, found.exercises);

  /** Makes and downloads the hand-in; returns what to tell the student (HTML from escaped parts). */
  const handIn = async (): Promise<string> => {
    try {
      return await makeAndDownload();
    } catch (error) {
      return `<p>Your work could not be made into a file: ${escapeHtml((error as Error).message)}. Try again; if it fails again, copy your code into a file by hand.</p>`;
    }
  };
  const makeAndDownload = async (): Promise<string> => {
    const found = assigned()!;
    const student = nameInput.value.trim();
    const askFor = found.assignment.askFor;
    const id = idInput.value.trim();
    if (!showsAName(student) || (askFor && !id)) {
      (showsAName(student) ? idInput : nameInput).focus();
      return `Type your name${askFor ? ` and your ${escapeHtml(askFor)}` : ''} in the box at the top of the chapter, then press <strong>Download my work</strong>.`;
    }
    rememberStudent(student, askFor ? id : undefined);
    let manifest: HandinManifest;
    let offline = false;
    try {
      manifest = await loadManifest(base);
    } catch {
      // This page's own work can still be handed in; the other chapters need the book's list.
      manifest = { contentVersion: banner.dataset.contentVersion ?? '', exercises: [] };
      offline = true;
    }
    const notebook = document.querySelector('[data-exercise]') ? pageNotebook() : null;
    const submission = collectHandin({
      assignment: found.assignment,
      student,
      studentId: askFor ? id : undefined,
      manifest,
      state: storageState(),
      noStarter: offline ? 'the book’s list of exercises could not be loaded when the file was made' : undefined,
      onScreen: (c, id) => {
        const cell = c === chapter ? notebook?.find(`ex-${id}`) : undefined;
        return cell ? { code: cell.code, starter: cell.original } : null;
      },
    });
    const passes = submission.work.filter((w) => w.recorded === 'passed').length;
    if (passes) message.innerHTML = `<p>Checking again the ${passes === 1 ? 'exercise that passed' : `${passes} exercises that passed`} before making the file…</p>`;
    const rechecked = await recheckPasses(submission, {
      onPage: (c, id) => c === chapter && notebook?.find(`ex-${id}`) !== undefined,
      checkOnPage: checkExercise,
      manifest: async () => {
        if (offline) throw new Error('it could not be loaded when the file was made');
        return manifest as unknown as ExerciseManifest;
      },
    });
    const name = submissionFileName(submission);
    downloadFile(name, JSON.stringify(submission, null, 2), 'application/json');
    const held = rechecked.checked && !rechecked.lost.length && !rechecked.unchecked.length
      ? ` ${rechecked.checked === 1 ? 'The exercise that passed was' : `The ${rechecked.checked} exercises that passed were`} checked again and still ${rechecked.checked === 1 ? 'passes' : 'pass'}.` : '';
    const parts = [`<p>Saved ${escapeHtml(name)}, with the code shown on this page. Hand this file in.${held}</p>`];
    parts.push(recheckHtml(rechecked, (c, id) => ({
      title: titleOf(manifest, c, id),
      href: c === chapter ? `#exercise-${id}` : assignedChapterHref(`${base}/chapters/${c}/`, found.assignment, `exercise-${id}`),
    })));
    const changed = changedSincePass(submission);
    if (changed.length) {
      parts.push(`<p>Your code for ${changed.map((w) => `“${escapeHtml(titleOf(manifest, w.chapter, w.exercise))}”`).join(', ')} changed since it passed, ` +
        'so the file says “attempted”. Check it again, then download again.</p>');
    }
    const missing = submission.unavailable ?? [];
    if (missing.length) {
      parts.push('<p>It does not hold your code for these exercises:</p>' +
        unavailableHtml(missing, (u) => ({
          title: titleOf(manifest, u.chapter, u.exercise),
          href: assignedChapterHref(`${base}/chapters/${u.chapter}/`, found.assignment, `exercise-${u.exercise}`),
        })) +
        '<p>Download your work on each of their chapter pages too, and hand in those files as well.</p>');
    }
    parts.push(handInAgainHtml(submission));
    return parts.join('');
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.innerHTML = await handIn();
  });
  // "Download my work" in a cell's could-not-save notice: on an assigned chapter, that is the hand-in.
  document.addEventListener('nb-download-work', (event) => {
    if (!assigned()?.exercises.length) return;
    event.preventDefault();
    const { report } = (event as CustomEvent<DownloadWorkDetail>).detail;
    void handIn().then((html) => {
      message.innerHTML = html;
      report(html);
    });
  });
}

/**
 * Until the due date (the end of that day on this computer's clock), the assigned exercises'
 * solutions are replaced by a note that says when they come back, and why they are only hidden.
 */
function hideSolutions(assignment: Assignment, exercises: string[]) {
  const end = dueEnd(assignment.due);
  if (!assignment.hideSolutions || end === null || Date.now() > end) return;
  for (const id of exercises) {
    const solution = document.querySelector<HTMLDetailsElement>(`#exercise-${id} [data-ex-solution]`);
    if (!solution) continue;
    solution.hidden = true;
    solution.open = false;
    const note = document.createElement('p');
    note.className = 'ex-solution-hidden';
    note.dataset.solutionHidden = '';
    note.dataset.noCopy = ''; // a message of the page, not the book's text (copy.ts)
    note.textContent = `Your teacher hides this solution until the due date, ${formatDue(assignment.due)}, for “${assignment.title}”. ` +
      'It is hidden, not secret: this book has no server, so the solution is still in the page’s source.';
    solution.after(note);
  }
}

function titleOf(manifest: HandinManifest, chapter: string, id: string): string {
  return manifest.exercises.find((e) => e.chapter === chapter && e.id === id)?.title ??
    document.querySelector(`[data-chapter="${chapter}"] #exercise-${id}-title`)?.textContent ?? id;
}
