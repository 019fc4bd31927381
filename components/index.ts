// The one barrel chapters import from: `import { Aside, NetworkDiagram } from '../../components/index.ts'`.
export { default as Aside } from './Aside.astro';
export { default as NetworkDiagram } from './NetworkDiagram.astro';
export { default as Exercise } from './Exercise.astro';
export { default as Hint } from './Hint.astro';
