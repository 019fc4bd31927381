/**
 * The teacher's assignment form (teachers.astro): chapters and exercises ticked, a due date,
 * what to ask students for, whether to hide solutions, and the link that carries it all.
 *
 * An exercise is assigned with its chapter: ticking an exercise ticks its chapter, unticking a
 * chapter unticks its exercises and remembers them, and ticking the chapter again brings them
 * back, so a change of mind never silently drops exercises. The due date is checked as a
 * calendar date (a browser without a date picker lets "2026-13-45" through).
 */
import { dueDateProblem, dueEnd, encodeAssignment, formatDue, type Assignment } from './assignment.ts';

export function startAssignmentForm(form: HTMLFormElement) {
  const error = form.querySelector<HTMLElement>('[data-assign-error]')!;
  const result = form.querySelector<HTMLElement>('[data-assign-result]')!;
  const made = form.querySelector<HTMLElement>('[data-assign-made]')!;
  const linkInput = form.querySelector<HTMLInputElement>('[data-assign-link]')!;
  const dueInput = form.querySelector<HTMLInputElement>('input[name="due"]')!;
  const hide = form.querySelector<HTMLInputElement>('input[name="hideSolutions"]')!;
  const exercisesOf = (chapter: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="exercise"][data-chapter="${CSS.escape(chapter)}"]`)];
  /** Exercises ticked when their chapter was unticked, by chapter: ticking the chapter again brings them back. */
  const remembered = new Map<string, string[]>();

  form.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement;
    if (box.name === 'exercise' && box.checked) {
      form.querySelector<HTMLInputElement>(`input[name="chapter"][value="${CSS.escape(box.dataset.chapter!)}"]`)!.checked = true;
      remembered.delete(box.dataset.chapter!);
    } else if (box.name === 'chapter' && !box.checked) {
      const ticked = exercisesOf(box.value).filter((e) => e.checked);
      if (ticked.length) remembered.set(box.value, ticked.map((e) => e.value));
      for (const e of ticked) e.checked = false;
    } else if (box.name === 'chapter' && box.checked) {
      const back = remembered.get(box.value) ?? [];
      for (const e of exercisesOf(box.value)) if (back.includes(e.value)) e.checked = true;
      remembered.delete(box.value);
    }
    if (box.name === 'due' || box.name === 'hideSolutions') error.textContent = '';
  });

  const fail = (text: string, focus?: HTMLElement) => {
    error.textContent = text;
    result.hidden = true;
    focus?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chapters = data.getAll('chapter').map(String);
    const exercises = data.getAll('exercise').map(String);
    const due = String(data.get('due') ?? '').trim();
    const askFor = String(data.get('askFor') ?? '').trim();
    if (chapters.length === 0) return fail('Pick at least one chapter.');
    // A date input whose text is not a date reports an empty value and badInput.
    if (dueInput.validity.badInput) return fail('Due date: the date is incomplete or not a date. Finish it, or clear it for no due date.', dueInput);
    const problem = dueDateProblem(due);
    if (problem) return fail(`Due date: ${problem}.`, dueInput);
    if (hide.checked && due === '') return fail('Solutions can be hidden only until a due date: give a due date, or untick “Hide the solutions”.', dueInput);
    error.textContent = '';
    const items = chapters.map((chapter) => ({
      chapter,
      exercises: exercises.filter((e) => e.startsWith(`${chapter}/`)).map((e) => e.slice(chapter.length + 1)),
    }));
    const assignment: Assignment = {
      title: String(data.get('title')).trim(), due, items,
      ...(askFor ? { askFor } : {}), ...(hide.checked ? { hideSolutions: true } : {}),
    };
    const url = new URL('../assignment/', location.href);
    url.hash = encodeAssignment(assignment);
    linkInput.value = url.toString();
    form.querySelector<HTMLAnchorElement>('[data-assign-open]')!.href = url.toString();
    const count = items.reduce((n, i) => n + i.exercises.length, 0);
    const past = due && dueEnd(due)! < Date.now() ? ' That date has passed: is it the one you meant?' : '';
    // A chapter ticked alone is reading to do; with no exercise at all, hand-ins hold nothing to
    // check (red team 59 made "2 chapters, 0 exercises" without a word).
    const empty = count === 0 ? ' No exercise is ticked, so hand-ins will hold no work to check: to grade, tick exercises under the chapters.' : '';
    made.textContent = `${items.length} ${items.length === 1 ? 'chapter' : 'chapters'}, ${count} ${count === 1 ? 'exercise' : 'exercises'}` +
      `${due ? `, due ${formatDue(due)}` : ', no due date'}${askFor ? `; students give their name and ${askFor}` : ''}` +
      `${hide.checked ? '; solutions hidden until the due date' : ''}.${past}${empty}`;
    result.hidden = false;
    linkInput.select();
  });

  form.querySelector('[data-assign-copy]')?.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(linkInput.value);
      error.textContent = '';
      (form.querySelector('[data-assign-copy]') as HTMLButtonElement).textContent = 'Copied';
    } catch {
      linkInput.select();
    }
  });
}
