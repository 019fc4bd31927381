/**
 * Shows a Play/Pause toggle's state: its label is the action it takes next, and `aria-pressed`
 * says whether training is running (the live trainer and the boundary playground share it).
 */
export function showPlaying(button: HTMLButtonElement, playing: boolean): void {
  button.textContent = playing ? 'Pause' : 'Play';
  button.setAttribute('aria-pressed', String(playing));
}
