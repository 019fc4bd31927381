import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Unit and content tests only; the browser tests in tests/e2e run through Playwright.
const browsers = ['tests/firefox/**/*.test.ts', 'tests/webkit/**/*.test.ts'];

/**
 * Vitest's order, except that the file that builds the whole site a second time (under a base
 * path) starts first. Vitest runs the files it has timings for longest first, but a fresh clone
 * has none, and by size this one came near the end: the suite then waited on it alone for a minute.
 */
class SecondBuildFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const builds = (spec: TestSpecification) => spec.moduleId.endsWith('tests/content/links.test.ts');
    return [...sorted.filter(builds), ...sorted.filter((spec) => !builds(spec))];
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: SecondBuildFirst },
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit and content',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', ...browsers],
          // Vitest's default is one worker fewer than the cores: on a two-core machine, one file
          // at a time. Two at once (the browsers' files after) took the suite from 324 s to 257 s
          // here (many files wait on a worker thread); the tests of timing wait for events, so
          // they hold under contention.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Firefox and WebKit, each a whole browser (WebKit on its own X server): one file at a
          // time, after the rest, as before. Run beside other files under a CPU burner, a WebKit
          // check once stopped answering until its test's time ran out.
          name: 'firefox and webkit',
          include: browsers,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
