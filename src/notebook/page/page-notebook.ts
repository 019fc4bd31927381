// The page's one notebook, shared by every cell and exercise on it. The playground builds its
// own (cells come and go there) and marks its page data-notebook="manual".
import { Notebook } from './notebook.ts';
import { fitPageOutputs } from './output-view.ts';

let notebook: Notebook | null = null;

export function pageNotebook(): Notebook | null {
  if (document.querySelector('[data-notebook="manual"]')) return null;
  if (!notebook) {
    notebook = new Notebook();
    notebook.start();
    fitPageOutputs(document);
  }
  return notebook;
}
