// The review page's UI: files in (picker or drag and drop), one message per file, the class
// table, each student's code beside the solution, and CSV out.
import { renderDisplay } from '../display.ts';
import type { ExerciseManifest } from '../../chapters/manifest.ts';
import { escapeHtml } from '../display.ts';
import { toCsv } from './assignment.ts';
import { downloadFile } from './download.ts';
import { Reviewer, type ReviewedSubmission, type Verdict } from './review.ts';

const MARK: Record<Verdict, string> = { passed: '✓', failed: '✗', error: '!', unknown: '?' };
const WORD: Record<Verdict, string> = { passed: 'passed', failed: 'failed', error: 'error', unknown: 'unknown exercise' };

export function startReviewPage() {
  const main = document.querySelector<HTMLElement>('main.review')!;
  const base = main.dataset.base!.replace(/\/$/, '');
  const status = main.querySelector<HTMLElement>('[data-review-status]')!;
  const messages = main.querySelector<HTMLElement>('[data-file-messages]')!;
  const results = main.querySelector<HTMLElement>('[data-review-results]')!;
  const table = main.querySelector<HTMLTableElement>('[data-class-table]')!;
  const details = main.querySelector<HTMLElement>('[data-student-details]')!;
  const drop = main.querySelector<HTMLElement>('[data-drop]')!;
  const reviews: ReviewedSubmission[] = [];
  let manifest: ExerciseManifest | null = null;
  let reviewer: Reviewer | null = null;
  let queue = Promise.resolve();

  async function ready(): Promise<Reviewer> {
    if (!manifest) manifest = await (await fetch(`${base}/exercises.json`)).json() as ExerciseManifest;
    reviewer ??= new Reviewer(manifest);
    return reviewer;
  }

  function load(files: FileList | File[]) {
    const list = [...files];
    queue = queue.then(async () => {
      let r: Reviewer;
      try {
        r = await ready();
      } catch {
        status.textContent = 'Could not read the book’s list of exercises; reload the page and try again.';
        return;
      }
      for (const [i, file] of list.entries()) {
        status.textContent = `Checking ${file.name} (${i + 1} of ${list.length})…`;
        let text: string;
        try {
          text = await file.text();
        } catch {
          messages.insertAdjacentHTML('beforeend', `<li class="file-error">${escapeHtml(file.name)}: the file could not be read.</li>`);
          continue;
        }
        const outcome = await r.reviewFile(file.name, text);
        if (!outcome.ok) {
          messages.insertAdjacentHTML('beforeend', `<li class="file-error">${escapeHtml(outcome.message)}</li>`);
          continue;
        }
        const review = outcome.review;
        const flagged = review.exercises.filter((e) => e.flagged).length;
        messages.insertAdjacentHTML('beforeend', `<li>${escapeHtml(file.name)}: ${escapeHtml(review.submission.student)}, ${review.exercises.length} ${review.exercises.length === 1 ? 'exercise' : 'exercises'} checked` +
          (flagged ? `, <span class="flag">⚠ ${flagged} recorded ${flagged === 1 ? 'pass does' : 'passes do'} not hold</span>` : '') +
          (review.versionDiffers ? ' (made with an earlier version of the exercises)' : '') + '.</li>');
        reviews.push(review);
        render();
      }
      status.textContent = `${reviews.length} ${reviews.length === 1 ? 'hand-in' : 'hand-ins'} checked.`;
    });
  }

  function columns() {
    const seen = new Map<string, string>();
    for (const review of reviews) for (const e of review.exercises) seen.set(`${e.work.chapter}/${e.work.exercise}`, e.entry?.title ?? e.work.exercise);
    return [...seen.entries()];
  }

  function render() {
    results.hidden = reviews.length === 0;
    const cols = columns();
    const head = `<thead><tr><th scope="col">Student</th>${cols.map(([, title]) => `<th scope="col">${escapeHtml(title)}</th>`).join('')}<th scope="col">Passed</th></tr></thead>`;
    const rows = reviews.map((review, r) => {
      const cells = cols.map(([key]) => {
        const e = review.exercises.find((x) => `${x.work.chapter}/${x.work.exercise}` === key);
        if (!e) return '<td>—</td>';
        return `<td class="v-${e.verdict}" title="${WORD[e.verdict]}${e.flagged ? ', but recorded as passed' : ''}">${MARK[e.verdict]}${e.flagged ? ' <span class="flag" aria-label="recorded pass does not hold">⚠</span>' : ''}<span class="visually-hidden"> ${WORD[e.verdict]}</span></td>`;
      }).join('');
      const passed = review.exercises.filter((e) => e.verdict === 'passed').length;
      return `<tr><th scope="row"><a href="#student-${r}">${escapeHtml(review.submission.student)}</a></th>${cells}<td>${passed}/${review.exercises.length}</td></tr>`;
    }).join('');
    table.innerHTML = `<caption class="visually-hidden">Students and exercises, rechecked</caption>${head}<tbody>${rows}</tbody>`;
    details.innerHTML = reviews.map((review, r) => {
      const items = review.exercises.map((e) => {
        const checks = e.results.length ? renderDisplay({ kind: 'checks', results: e.results }) : '';
        return `<h3>${escapeHtml(e.entry?.title ?? e.work.exercise)} — ${MARK[e.verdict]} ${WORD[e.verdict]}</h3>` +
          `<p class="verdict-note">Recorded in the student’s browser: ${escapeHtml(e.work.recorded.replace('-', ' '))}.` +
          (e.flagged ? ' <span class="flag">⚠ The rerun does not confirm that pass.</span>' : '') +
          (e.message ? ` ${escapeHtml(e.message)}` : '') + '</p>' + checks +
          `<div class="side-by-side"><div><h4>${escapeHtml(review.submission.student)}’s code</h4><pre><code>${escapeHtml(e.work.code)}</code></pre></div>` +
          `<div><h4>Solution</h4><pre><code>${escapeHtml(e.entry?.solution ?? '(not in this version of the book)')}</code></pre></div></div>`;
      }).join('');
      const when = new Date(review.submission.submitted).toLocaleString();
      return `<details class="student" id="student-${r}"><summary>${escapeHtml(review.submission.student)} · ${escapeHtml(review.submission.assignment.title)} · handed in ${escapeHtml(when)}</summary>${items}</details>`;
    }).join('');
  }

  main.querySelector<HTMLInputElement>('[data-files]')!.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.files?.length) load(input.files);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files.length) load(event.dataTransfer.files);
  });
  main.querySelector('[data-export-csv]')!.addEventListener('click', () => {
    const cols = columns();
    const header = ['student', 'handed in', ...cols.map(([, title]) => title), 'passed', 'recorded passes not confirmed'];
    const rows = reviews.map((review) => [
      review.submission.student,
      review.submission.submitted,
      ...cols.map(([key]) => {
        const e = review.exercises.find((x) => `${x.work.chapter}/${x.work.exercise}` === key);
        return e ? WORD[e.verdict] : '';
      }),
      String(review.exercises.filter((e) => e.verdict === 'passed').length),
      String(review.exercises.filter((e) => e.flagged).length),
    ]);
    downloadFile('class-review.csv', toCsv(header, rows), 'text/csv');
  });
}
