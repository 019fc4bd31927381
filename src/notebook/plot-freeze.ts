// What every chart shares, frozen before any cell draws. Plot, the d3 modules under it and
// linkedom keep module-level objects that each chart reaches: a curve's prototype (reached by
// calling a line mark's `curve` factory), a dot's symbol and its `draw`, a scale's interpolator,
// the table of void elements every document serialises with. A red team's cell changed d3's
// `Linear.prototype.point`, and the chapter's next chart (another cell's) drew a false curve; it
// blanked another chart by changing linkedom's void elements. SES froze the built-ins and the Plot
// module's exports, not these.
//
// Which objects are shared is found, not listed: two sets of charts are drawn alike, each from
// scratch, and their object graphs are walked side by side; an object reached at the same place
// in both is one every chart shares, and is frozen (SES `harden`, which freezes what it reaches
// too). What each chart makes for itself (its marks, document, elements, scales) differs between
// the two and stays its cell's to change.

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

/**
 * Lets each of Plot's marks still set its own `render`, once their classes are frozen. Plot's
 * Mark constructor assigns `this.render` when a mark is given a render function (as `tip: true`
 * and the pointer transforms do), and a frozen prototype's `render` refuses that assignment (the
 * "override mistake"): every tip threw "Cannot assign to read only property 'render'" (found by red
 * team 20). As SES does for the built-ins (enablePropertyOverrides), `render` on each class's
 * prototype becomes a getter of the same function and a setter that gives the instance its own.
 * Call before anything freezes them, with every class Plot exports and any `render`-holding
 * prototype reached otherwise (Plot's wrapper of a function mark).
 */
export function allowRenderOverride(prototypes: Iterable<object>): void {
  for (const start of prototypes) {
    for (let proto: object | null = start; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'render');
      if (!descriptor || !('value' in descriptor) || !descriptor.configurable) continue;
      const { value } = descriptor;
      const home = proto;
      Object.defineProperty(proto, 'render', {
        get: Object.assign(function render() { return value; }, { originalValue: value }),
        set(this: object, replacement: unknown) {
          if (this === home) throw new TypeError('Cannot assign to read only property \'render\' of a chart mark’s class');
          Object.defineProperty(this, 'render', { value: replacement, writable: true, enumerable: true, configurable: true });
        },
        enumerable: descriptor.enumerable,
        configurable: false,
      });
    }
  }
}

/** The prototypes whose `render` marks set (allowRenderOverride): those of Plot's exported classes, and of its wrapper of a function mark. */
export function markPrototypes(Plot: PlotLike, newDocument: () => Document): object[] {
  const found: object[] = [];
  for (const value of Object.values(Plot)) {
    const proto = typeof value === 'function' ? (value as { prototype?: unknown }).prototype : undefined;
    if (typeof proto === 'object' && proto !== null) found.push(proto);
  }
  try {
    Plot.plot({
      document: newDocument(),
      marks: [function (this: object) {
        found.push(Object.getPrototypeOf(this));
        return null;
      }],
    });
  } catch {
    // a Plot that draws no function marks
  }
  return found;
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
