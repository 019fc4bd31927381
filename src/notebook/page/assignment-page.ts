/**
 * The student's side of an assignment: /assignment/#a=… shows the checklist with live status,
 * remembers the assignment (so assigned chapters show a banner), and makes the hand-in file.
 */
import { CURRENT_ASSIGNMENT, currentAssignment, decodeAssignment, SUBMISSION_FORMAT, type Assignment, type Submission } from './assignment.ts';
import { loadDraft, loadValue, saveValue } from './storage.ts';
import { exerciseStatus, STATUS_LABEL } from './progress.ts';
import { escapeHtml } from '../display.ts';
import { downloadFile } from './download.ts';

interface ChapterInfo { id: string; order: number; title: string; exercises: { id: string; title: string }[] }

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

  const known = new Map(chapters.map((c) => [c.id, c]));
  const render = () => {
    const a = assignment!;
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
        return `<li><span class="assign-status" data-status="${status}">${status === 'passed' ? '✓ ' : ''}${STATUS_LABEL[status]}</span> ` +
          `<a href="${base}/chapters/${chapter.id}/#exercise-${escapeHtml(id)}">${title}</a></li>`;
      }).join('');
      return `<li><a href="${base}/chapters/${chapter.id}/"><strong>Chapter ${chapter.order}: ${escapeHtml(chapter.title)}</strong></a>` +
        (exercises ? `<ul>${exercises}</ul>` : '<p>Read the chapter and run its cells.</p>') + '</li>';
    }).join('');
    const due = a.due ? `<p class="assign-due">Due ${escapeHtml(new Date(`${a.due}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }))}</p>` : '';
    body.innerHTML = `${due}<p class="assign-summary" data-assign-summary>${done} of ${total} ${total === 1 ? 'exercise' : 'exercises'} passed.</p><ol class="assign-list">${items}</ol>`;
  };
  render();
  window.addEventListener('storage', render);
  document.addEventListener('nb-exercise-status', render);

  const handin = main.querySelector<HTMLElement>('[data-handin]')!;
  handin.hidden = false;
  const form = handin.querySelector<HTMLFormElement>('[data-handin-form]')!;
  const nameInput = form.querySelector<HTMLInputElement>('input[name="student"]')!;
  nameInput.value = loadValue('student:name', (v): v is string => typeof v === 'string') ?? '';
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = form.querySelector<HTMLElement>('[data-handin-message]')!;
    const student = nameInput.value.trim();
    saveValue('student:name', student);
    let manifest: { contentVersion: string; exercises: { chapter: string; id: string; starter: string }[] };
    try {
      manifest = await (await fetch(`${base}/exercises.json`)).json();
    } catch {
      message.textContent = 'Could not read the book’s list of exercises. Check your connection and try again.';
      return;
    }
    const a = assignment!;
    const submission: Submission = {
      format: SUBMISSION_FORMAT,
      version: 1,
      student,
      submitted: new Date().toISOString(),
      contentVersion: manifest.contentVersion,
      assignment: a,
      work: a.items.flatMap((item) => item.exercises.map((id) => {
        const starter = manifest.exercises.find((e) => e.chapter === item.chapter && e.id === id)?.starter ?? '';
        return {
          chapter: item.chapter,
          exercise: id,
          code: loadDraft(item.chapter, `ex-${id}`)?.code ?? starter,
          recorded: exerciseStatus(item.chapter, id),
        };
      })),
    };
    // Clipped so the name stays well inside what the review page accepts (HAND_IN_LIMITS) and
    // what file systems allow (255 bytes): a title may have 200 characters and a name 100.
    const safe = (s: string, max: number) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, max).replace(/^-|-$/g, '') || 'work';
    const name = `${safe(a.title, 80)}-${safe(student, 60)}.json`;
    downloadFile(name, JSON.stringify(submission, null, 2), 'application/json');
    message.textContent = `Saved ${name}. Hand this file in.`;
  });
}
