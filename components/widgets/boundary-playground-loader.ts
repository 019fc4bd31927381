// Loads <boundary-playground> when it comes near the screen, not with the page. Its element
// builds a first training run as it connects, which needs src/nn (about 17 KB with gzip): loaded
// with the page, that put "Beyond the tutorial" over the 60 KB of JavaScript a chapter may load
// before any interaction. Until it loads, the server-rendered figure shows and the controls stay
// disabled, as they are without JavaScript.

const load = () => import('./boundary-playground.ts');

const playgrounds = document.querySelectorAll('boundary-playground');
if (playgrounds.length > 0) {
  // A link with a setup in its query (`?data=circles&lr=0.3`) is a link to the playground.
  if (location.search !== '' || !('IntersectionObserver' in window)) void load();
  else {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        void load();
      },
      { rootMargin: '400px 0px' },
    );
    for (const element of playgrounds) observer.observe(element);
  }
}
