// The review page's UI: files in (picker or drag and drop), one message line per file, the class
// table, each student's code beside the solution, and CSV out.
//
// Files are judged a few at a time and finish in any order; the page keeps the order they were
// chosen in. Each file gets its message line at once ("waiting…"), filled in when it is judged,
// and its row takes its place in the table among the others. Redrawing is batched to one per
// frame, and a student's code is put into the page only when the teacher opens that student, so
// a class of hundreds stays quick.
import { escapeHtml, renderDisplay } from '../render.ts';
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import { toCsv } from './assignment.ts';
import { downloadFile } from './download.ts';
import { escapeHints } from '../withhold.ts';
import { passedCount, repeatsNote, Reviewer, shownName, takeFiles, type FileOutcome, type ReviewedSubmission, type Verdict } from './review.ts';

const MARK: Record<Verdict, string> = { passed: '✓', failed: '✗', error: '!', unknown: '?' };
const WORD: Record<Verdict, string> = { passed: 'passed', failed: 'failed', error: 'error', unknown: 'unknown exercise' };

/** A judged hand-in and its place in the order the files were chosen (also its anchor, #student-n). */
interface Placed {
  seq: number;
  review: ReviewedSubmission;
}

const exerciseKey = (e: { work: { chapter: string; exercise: string } }) => `${e.work.chapter}/${e.work.exercise}`;

export function startReviewPage() {
  const main = document.querySelector<HTMLElement>('main.review')!;
  const base = main.dataset.base!.replace(/\/$/, '');
  const status = main.querySelector<HTMLElement>('[data-review-status]')!;
  const messages = main.querySelector<HTMLElement>('[data-file-messages]')!;
  const results = main.querySelector<HTMLElement>('[data-review-results]')!;
  const table = main.querySelector<HTMLTableElement>('[data-class-table]')!;
  const details = main.querySelector<HTMLElement>('[data-student-details]')!;
  const drop = main.querySelector<HTMLElement>('[data-drop]')!;
  /** Judged hand-ins, kept sorted by seq. */
  const placed: Placed[] = [];
  let nextSeq = 0;
  let waiting = 0;
  /** Files refused, left out or unreadable, across every load: the status line counts them. */
  let notChecked = 0;
  let manifest: Promise<ExerciseManifest> | null = null;
  let reviewer: Reviewer | null = null;
  let drawQueued = false;
  /** Each student's section, by seq, once added. */
  const sections = new Map<number, HTMLDetailsElement>();

  async function ready(): Promise<Reviewer> {
    manifest ??= fetch(`${base}/exercises.json`).then((response) => {
      if (!response.ok) throw new Error(`exercises.json: HTTP ${response.status}`);
      return response.json() as Promise<ExerciseManifest>;
    });
    try {
      reviewer ??= new Reviewer(await manifest);
    } catch (error) {
      manifest = null; // the next load tries again
      throw error;
    }
    return reviewer;
  }

  function showStatus() {
    status.textContent = waiting > 0
      ? `Checking hand-ins: ${waiting} to go…`
      : `${placed.length} ${placed.length === 1 ? 'hand-in' : 'hand-ins'} checked.` +
        (notChecked ? ` ${notChecked} ${notChecked === 1 ? 'file was' : 'files were'} not checked: see the list below.` : '');
  }

  async function load(chosen: FileList | File[]) {
    const { taken, message } = takeFiles([...chosen]);
    notChecked += chosen.length - taken.length;
    if (message) messages.insertAdjacentHTML('beforeend', `<li class="file-error">${escapeHtml(message)}</li>`);
    // Places and message lines are handed out now, in the order chosen, whatever finishes first.
    const jobs = taken.map((file) => {
      const line = document.createElement('li');
      line.setAttribute('aria-busy', 'true');
      line.textContent = `${shownName(file.name)}: waiting…`;
      messages.append(line);
      return { file, line, seq: nextSeq++ };
    });
    waiting += jobs.length;
    showStatus();
    let r: Reviewer;
    try {
      r = await ready();
    } catch {
      for (const { file, line } of jobs) finishLine(line, 'file-error', `${shownName(file.name)}: not checked.`);
      waiting -= jobs.length;
      notChecked += jobs.length;
      status.textContent = 'Could not read the book’s list of exercises; reload the page and try again.';
      return;
    }
    for (const { file, line, seq } of jobs) {
      void r.reviewFile(file, () => { line.textContent = `${shownName(file.name)}: checking…`; })
        .then((outcome) => finish(seq, line, outcome));
    }
  }

  function finishLine(line: HTMLLIElement, className: string, text: string) {
    line.removeAttribute('aria-busy');
    line.className = className;
    line.textContent = text;
  }

  function finish(seq: number, line: HTMLLIElement, outcome: FileOutcome) {
    waiting -= 1;
    if (!outcome.ok) {
      notChecked += 1;
      finishLine(line, 'file-error', outcome.message);
    } else {
      const review = outcome.review;
      const n = review.exercises.length;
      const flagged = review.exercises.filter((e) => e.flagged).length;
      const repeats = repeatsNote(review.repeated);
      line.removeAttribute('aria-busy');
      line.innerHTML = `${escapeHtml(review.file)}: ${escapeHtml(review.submission.student)}, ${n} ${n === 1 ? 'exercise' : 'exercises'} checked` +
        (repeats ? ` (${escapeHtml(repeats)})` : '') +
        (flagged ? `, <span class="flag">⚠ ${flagged} recorded ${flagged === 1 ? 'pass does' : 'passes do'} not hold</span>` : '') +
        (review.versionDiffers ? ' (made with an earlier version of the exercises)' : '') + '.';
      const at = placed.findIndex((p) => p.seq > seq);
      placed.splice(at === -1 ? placed.length : at, 0, { seq, review });
    }
    showStatus();
    if (waiting === 0) draw(); // the last one is drawn at once, not a frame later
    else if (!drawQueued) {
      drawQueued = true;
      requestAnimationFrame(draw);
    }
  }

  function columns() {
    const seen = new Map<string, string>();
    for (const { review } of placed) for (const e of review.exercises) if (!seen.has(exerciseKey(e))) seen.set(exerciseKey(e), e.entry?.title ?? e.work.exercise);
    return [...seen.entries()];
  }

  function draw() {
    drawQueued = false;
    results.hidden = placed.length === 0;
    const cols = columns();
    const head = `<thead><tr><th scope="col">Student</th>${cols.map(([, title]) => `<th scope="col">${escapeHtml(title)}</th>`).join('')}<th scope="col">Passed</th></tr></thead>`;
    const rows = placed.map(({ seq, review }) => {
      const byKey = new Map(review.exercises.map((e) => [exerciseKey(e), e]));
      const cells = cols.map(([key]) => {
        const e = byKey.get(key);
        if (!e) return '<td>—</td>';
        const readIt = escapeHints(e.work.code, e.entry?.withhold ?? []).length > 0;
        return `<td class="v-${e.verdict}" title="${WORD[e.verdict]}${e.flagged ? ', but recorded as passed' : ''}${readIt ? '; read the code: it reaches for what the exercise withholds' : ''}">${MARK[e.verdict]}` +
          `${e.flagged ? ' <span class="flag" aria-label="recorded pass does not hold">⚠</span>' : ''}` +
          `${readIt ? ' <span class="flag" aria-label="read the code: it reaches for what the exercise withholds">⚑</span>' : ''}<span class="visually-hidden"> ${WORD[e.verdict]}</span></td>`;
      }).join('');
      return `<tr><th scope="row"><a href="#student-${seq}">${escapeHtml(review.submission.student)}</a></th>${cells}<td>${passedCount(review)}/${review.exercises.length}</td></tr>`;
    }).join('');
    table.innerHTML = `<caption class="visually-hidden">Students and exercises, rechecked</caption>${head}<tbody>${rows}</tbody>`;
    // Each student's section is added once, in its place; its contents are drawn on opening.
    let before: Element | null = null;
    for (let i = placed.length - 1; i >= 0; i--) {
      const { seq, review } = placed[i];
      let section = sections.get(seq);
      if (!section) {
        section = document.createElement('details');
        sections.set(seq, section);
        section.className = 'student';
        section.id = `student-${seq}`;
        const when = new Date(review.submission.submitted).toLocaleString();
        section.innerHTML = `<summary>${escapeHtml(review.submission.student)} · ${passedCount(review)}/${review.exercises.length} passed · ` +
          `${escapeHtml(review.submission.assignment.title)} · handed in ${escapeHtml(when)}</summary>`;
        section.addEventListener('toggle', () => fillSection(section!, review), { once: true });
        details.insertBefore(section, before);
      }
      before = section;
    }
  }

  function fillSection(section: HTMLDetailsElement, review: ReviewedSubmission) {
    section.insertAdjacentHTML('beforeend', review.exercises.map((e) => {
      const checks = e.results.length ? renderDisplay({ kind: 'checks', results: e.results }) : '';
      // Code that names what the exercise withholds, or that can reach around it, is for the
      // teacher to read: the checks catch plain uses, not every way round in one realm.
      const reaches = escapeHints(e.work.code, e.entry?.withhold ?? []);
      const readIt = reaches.length
        ? `<p class="verdict-note" data-escape-hint><span class="flag">⚠ Read this code:</span> it mentions ${reaches.map((w) => `<code>${escapeHtml(w)}</code>`).join(', ')}. ` +
          `This exercise withholds ${(e.entry?.withhold ?? []).map((w) => `<code>${escapeHtml(w)}</code>`).join(', ')}; the checks fail a plain use, but not every way round it.</p>`
        : '';
      return `<h3>${escapeHtml(e.entry?.title ?? e.work.exercise)} — ${MARK[e.verdict]} ${WORD[e.verdict]}</h3>` +
        `<p class="verdict-note">Recorded in the student’s browser: ${escapeHtml(e.work.recorded.replace('-', ' '))}.` +
        (e.flagged ? ' <span class="flag">⚠ The rerun does not confirm that pass.</span>' : '') +
        (e.message ? ` ${escapeHtml(e.message)}` : '') + '</p>' + readIt + checks +
        `<div class="side-by-side"><div><h4>${escapeHtml(review.submission.student)}’s code</h4><pre><code>${escapeHtml(e.work.code)}</code></pre></div>` +
        `<div><h4>Solution</h4><pre><code>${escapeHtml(e.entry?.solution ?? '(not in this version of the book)')}</code></pre></div></div>`;
    }).join(''));
  }

  main.querySelector<HTMLInputElement>('[data-files]')!.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.files?.length) void load(input.files);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files.length) void load(event.dataTransfer.files);
  });
  // A student's name in the table opens their section as well as scrolling to it.
  table.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[href^="#student-"]');
    const section = link && details.querySelector<HTMLDetailsElement>(link.getAttribute('href')!);
    if (section) section.open = true;
  });
  main.querySelector('[data-export-csv]')!.addEventListener('click', () => {
    const cols = columns();
    const header = ['student', 'handed in', ...cols.map(([, title]) => title), 'passed', 'recorded passes not confirmed'];
    const rows = placed.map(({ review }) => {
      const byKey = new Map(review.exercises.map((e) => [exerciseKey(e), e]));
      return [
        review.submission.student,
        review.submission.submitted,
        ...cols.map(([key]) => {
          const e = byKey.get(key);
          return e ? WORD[e.verdict] : '';
        }),
        String(passedCount(review)),
        String(review.exercises.filter((e) => e.flagged).length),
      ];
    });
    downloadFile('class-review.csv', toCsv(header, rows), 'text/csv');
  });
}
