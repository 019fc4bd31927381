// The one barrel chapters import from: `import { Aside, NetworkDiagram } from '../../components/index.ts'`.
export { default as Aside } from './Aside.astro';
export { default as NetworkDiagram } from './NetworkDiagram.astro';
export { default as Exercise } from './Exercise.astro';
export { default as Hint } from './Hint.astro';
export { default as ShapeExplorer } from './ShapeExplorer.astro';
export { default as ForwardStepper } from './ForwardStepper.astro';
export { default as SquaredErrors } from './SquaredErrors.astro';
export { default as NeuronSliders } from './NeuronSliders.astro';
export { default as ArchitectureExplorer } from './ArchitectureExplorer.astro';
export { default as DigitsTrainer } from './DigitsTrainer.astro';
export { default as DigitFilter } from './DigitFilter.astro';
export { default as GradientDescentExplorer } from './GradientDescentExplorer.astro';
export { default as LiveTrainer } from './LiveTrainer.astro';
export { default as BackpropGraph } from './BackpropGraph.astro';
export { default as BoundaryPlayground } from './BoundaryPlayground.astro';
export { default as AutogradGraph } from './AutogradGraph.astro';
