// "On this page" follows the reader: the link of the section being read is marked
// aria-current="location" (styled in Chapter.astro), and on a phone, where the list is folded
// into a bar under the header, the bar's summary names that section.

/**
 * Marks, in a chapter's contents, the section whose heading was passed last, and keeps
 * marking it as the page scrolls.
 * @param toc the contents' <details> (data-toc): its links point at the headings by #id, and
 *   its [data-toc-current] element receives the current section's title
 */
export function startSectionSpy(toc: HTMLDetailsElement): void {
  const links = [...toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  const sections = links
    .map((link) => ({ link, heading: document.getElementById(decodeURIComponent(link.hash.slice(1))) }))
    .filter((s): s is { link: HTMLAnchorElement; heading: HTMLElement } => s.heading !== null);
  const label = toc.querySelector<HTMLElement>('[data-toc-current]');
  let current: HTMLAnchorElement | null = null;
  let scheduled = false;

  const update = () => {
    scheduled = false;
    // A heading counts as passed once it reaches the line under the sticky bars (a third of
    // the window at most), where an anchor link puts it.
    const line = Math.min(parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0, innerHeight / 3) + 8;
    let next: HTMLAnchorElement | null = null;
    for (const { link, heading } of sections) {
      if (heading.getBoundingClientRect().top <= line) next = link;
      else break;
    }
    if (next === current) return;
    current?.removeAttribute('aria-current');
    next?.setAttribute('aria-current', 'location');
    current = next;
    if (label) label.textContent = next?.textContent ?? '';
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(update);
    }
  };
  addEventListener('scroll', schedule, { passive: true });
  addEventListener('resize', schedule, { passive: true });
  // On a phone the folded list closes again once a section is chosen.
  toc.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a') && matchMedia('(max-width: 820px)').matches) toc.open = false;
  });
  update();
}
