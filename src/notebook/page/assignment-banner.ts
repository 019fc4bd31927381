// On a chapter that belongs to the student's current assignment, a banner says so, with the
// assignment's progress and a way back to its checklist.
import { currentAssignment } from './assignment.ts';
import { exerciseStatus } from './progress.ts';

export function startAssignmentBanner(banner: HTMLElement) {
  const chapter = banner.dataset.chapter!;
  const render = () => {
    const assignment = currentAssignment();
    const item = assignment?.items.find((i) => i.chapter === chapter);
    if (!assignment || !item) { banner.hidden = true; return; }
    const passed = item.exercises.filter((id) => exerciseStatus(chapter, id) === 'passed').length;
    const due = assignment.due ? `, due ${new Date(`${assignment.due}T12:00:00`).toLocaleDateString(undefined, { month: 'long', day: 'numeric' })}` : '';
    banner.querySelector('[data-banner-text]')!.textContent = item.exercises.length
      ? `Assigned in “${assignment.title}”${due}: ${passed} of ${item.exercises.length} ${item.exercises.length === 1 ? 'exercise' : 'exercises'} in this chapter passed.`
      : `Assigned in “${assignment.title}”${due}: read this chapter and run its cells.`;
    banner.hidden = false;
  };
  render();
  document.addEventListener('nb-exercise-status', render);
}
