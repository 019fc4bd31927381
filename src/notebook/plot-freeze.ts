// What every chart shares, frozen before any cell draws. Each run that draws gets a Plot and a d3
// of its own (plot-instance.ts), but every instance draws into linkedom, loaded once, whose
// module-level objects each chart reaches: the table of void elements every document serialises
// with (a red team's cell blanked another cell's chart by changing it), the classes and
// prototypes of its nodes (hardenDom freezes those it lists). SES froze the built-ins, not these.
//
// Which objects are shared is found, not listed: two sets of charts are drawn alike, each with a
// Plot instance of its own and from scratch, and their object graphs are walked side by side; an
// object reached at the same place in both is one every chart shares, and is frozen (SES
// `harden`, which freezes what it reaches too). What each chart makes for itself (its marks,
// document, elements, scales, and now its whole Plot and d3) differs between the two and stays
// its cell's to change.

/** How deep the side-by-side walk goes from a chart, and how many objects it visits at most. */
const MAX_DEPTH = 14;
const MAX_VISITS = 60_000;

type Harden = <T>(value: T) => T;
type PlotLike = Record<string, (...args: unknown[]) => unknown>;

/**
 * Draws one set of sample charts with `Plot`, each in a document `newDocument` makes: every mark
 * kind the book's chapters and most readers use, each curve and symbol by name, legends, scales,
 * and each line's curve applied once (the only way to its prototype). A mark that cannot be made
 * (a Plot without it) is left out.
 */
export function sampleCharts(Plot: PlotLike, newDocument: () => Document): unknown[] {
  const data = [
    { a: 1, b: 2, c: 'x', d: 0.5 },
    { a: 2, b: 3, c: 'y', d: 0.25 },
    { a: 3, b: 1, c: 'z', d: 0.75 },
  ];
  const xy = { x: 'a', y: 'b' };
  const curves = ['linear', 'linear-closed', 'step', 'step-after', 'step-before', 'basis', 'basis-open', 'basis-closed', 'bundle', 'cardinal', 'cardinal-open', 'cardinal-closed', 'catmull-rom', 'catmull-rom-open', 'catmull-rom-closed', 'monotone-x', 'monotone-y', 'natural', 'bump-x', 'bump-y'];
  const symbols = ['asterisk', 'circle', 'cross', 'diamond', 'diamond2', 'hexagon', 'plus', 'square', 'square2', 'star', 'times', 'triangle', 'triangle2', 'wye'];
  const marks: unknown[] = [];
  const make = (name: string, ...args: unknown[]) => {
    try {
      if (typeof Plot[name] === 'function') marks.push(Plot[name](...args));
    } catch {
      // not a mark of this Plot, or not with these options
    }
  };
  for (const curve of curves) make('line', data, { ...xy, curve, stroke: 'c' });
  for (const symbol of symbols) make('dot', data, { ...xy, symbol });
  make('dot', data, { ...xy, fill: 'c', r: 'd' });
  for (const name of ['areaY', 'barY', 'cell', 'rectY', 'tickX', 'link', 'arrow', 'vector', 'text', 'ruleY', 'lineY', 'dotX', 'axisX', 'axisY', 'gridX', 'gridY', 'frame']) {
    make(name, data, { ...xy, x1: 'a', x2: 'b', y1: 'a', y2: 'b', text: 'c', fill: 'd' });
  }
  const made: unknown[] = [marks];
  const tryDraw = (draw: () => unknown) => {
    try {
      made.push(draw());
    } catch {
      // a sample this Plot cannot draw
    }
  };
  tryDraw(() => {
    const chart = Plot.plot({ document: newDocument(), color: { legend: true, type: 'linear' }, marks }) as { scale(name: string): unknown; legend(name: string): unknown };
    return [chart, chart.scale('x'), chart.scale('color'), chart.legend('color')];
  });
  tryDraw(() => Plot.plot({ document: newDocument(), color: { legend: true, type: 'categorical' }, marks: [Plot.dot(data, { ...xy, fill: 'c' })] }));
  tryDraw(() => Plot.legend({ document: newDocument(), color: { domain: ['a', 'b'] } }));
  tryDraw(() => Plot.scale({ x: { domain: [0, 1] }, color: { type: 'linear', scheme: 'viridis', domain: [0, 1] } }));
  // A curve's prototype is reached only through a curve made on a context.
  const context = { moveTo() {}, lineTo() {}, closePath() {}, bezierCurveTo() {}, quadraticCurveTo() {}, arc() {}, rect() {} };
  for (const mark of marks) {
    const curve = (mark as { curve?: unknown }).curve;
    if (typeof curve === 'function') tryDraw(() => curve(context));
  }
  return made;
}

const isObject = (value: unknown): value is object => (typeof value === 'object' && value !== null) || typeof value === 'function';

/**
 * Freezes (`harden`) every object reached at the same place in the object graphs of `one` and
 * `two` (two sets of charts drawn alike, from scratch: sampleCharts), through own properties,
 * getters and prototypes, except the global object; returns how many were frozen. Each set's own
 * objects are visited once, to MAX_DEPTH and at most MAX_VISITS of them.
 */
export function hardenShared(one: unknown, two: unknown, harden: Harden): number {
  const visited = new WeakSet<object>();
  let frozen = 0;
  let visits = 0;
  const stack: [unknown, unknown, number][] = [[one, two, 0]];
  while (stack.length > 0 && visits < MAX_VISITS) {
    const [a, b, depth] = stack.pop()!;
    if (!isObject(a) || !isObject(b) || a === globalThis || b === globalThis) continue;
    if (a === b) {
      if (!Object.isFrozen(a)) {
        harden(a);
        frozen++;
      }
      continue;
    }
    if (visited.has(a) || depth >= MAX_DEPTH) continue;
    visited.add(a);
    visits++;
    stack.push([Object.getPrototypeOf(a), Object.getPrototypeOf(b), depth + 1]);
    let keys: (string | symbol)[];
    try {
      keys = Reflect.ownKeys(a);
    } catch {
      continue; // a proxy that refuses
    }
    for (const key of keys) {
      const da = Object.getOwnPropertyDescriptor(a, key);
      const db = Object.getOwnPropertyDescriptor(b, key);
      if (!da || !db) continue;
      if ('value' in da && 'value' in db) {
        stack.push([da.value, db.value, depth + 1]);
      } else {
        stack.push([da.get, db.get, depth + 1], [da.set, db.set, depth + 1]);
        try {
          stack.push([Reflect.get(a, key), Reflect.get(b, key), depth + 1]);
        } catch {
          // a getter that throws on this object
        }
      }
    }
  }
  return frozen;
}
