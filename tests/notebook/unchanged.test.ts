import { describe, expect, it } from 'vitest';
import { firstChange, readState } from '../../src/notebook/unchanged.ts';
import { fromArray } from '../../src/nn/matrix.ts';

// What the kernel reads around each call of a reader's function during an exercise's checks.
describe('readState and firstChange', () => {
  const changed = (make: () => unknown, change: (value: never) => void, skip?: (value: never) => object) => {
    const value = make();
    const roots = [['y', value]] as const;
    const skipped = new Set(skip ? [skip(value as never)] : []);
    const before = readState(roots, skipped);
    change(value as never);
    return firstChange(before, readState(roots, skipped));
  };

  it('names the entry of a matrix that changed, with both values', () => {
    expect(
      changed(
        () => fromArray([[0], [1]]),
        (y: { data: Float64Array }) => y.data.fill(0.5),
      ),
    ).toBe('y.data[0] was 0, is now 0.5');
    expect(
      changed(
        () => fromArray([[0], [1]]),
        (y: { data: Float64Array }) => {
          y.data[1] = -0;
        },
      ),
    ).toBe('y.data[1] was 1, is now -0');
  });

  it('finds a replaced object, a changed prototype, an added or deleted property, a new getter', () => {
    expect(
      changed(
        () => ({ W: fromArray([[1]]) }),
        (o: { W: unknown }) => {
          o.W = fromArray([[1]]);
        },
      ),
    ).toBe('y.W holds another object now');
    expect(
      changed(
        () => ({}),
        (o: object) => Object.setPrototypeOf(o, null),
      ),
    ).toBe('y has another prototype now');
    expect(
      changed(
        () => ({ a: 1 }),
        (o: Record<string, unknown>) => {
          o.b = 2;
        },
      ),
    ).toBe('y.b was added');
    expect(
      changed(
        () => ({ a: 1, b: 2 }),
        (o: Record<string, unknown>) => {
          delete o.b;
        },
      ),
    ).toBe('y.b is gone');
    expect(
      changed(
        () => ({ a: 1 }),
        (o: object) => Object.defineProperty(o, 'a', { get: () => 1 }),
      ),
    ).toBe('y.a has another getter or setter now');
  });

  it('reads arrays, Maps and Sets, and each object once however often it is reached', () => {
    expect(
      changed(
        () => [[1, 2], [3]],
        (a: number[][]) => {
          a[1].push(4);
        },
      ),
    ).toBe('y[1][1] was added');
    expect(
      changed(
        () => new Map([['k', { v: 1 }]]),
        (m: Map<string, { v: number }>) => {
          m.get('k')!.v = 2;
        },
      ),
    ).toBe('y.get(0).v was 1, is now 2');
    expect(
      changed(
        () => new Set([1]),
        (s: Set<number>) => {
          s.add(2);
        },
      ),
    ).toBe('y.values()[1] was added');
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    const before = readState([['y', cyclic]]);
    expect(firstChange(before, readState([['y', cyclic]]))).toBeUndefined();
    shared.v = 2;
    expect(firstChange(before, readState([['y', cyclic]]))).toBe('y.a.v was 1, is now 2');
  });

  it('never calls a getter, and lets a skipped object change inside', () => {
    let calls = 0;
    const o = {
      get x() {
        calls++;
        return calls;
      },
    };
    const before = readState([['y', o]]);
    expect(firstChange(before, readState([['y', o]]))).toBeUndefined();
    expect(calls).toBe(0);
    expect(
      changed(
        () => ({ model: { W: [1] } }),
        (o: { model: { W: number[] } }) => {
          o.model.W[0] = 2;
        },
        (o: { model: object }) => o.model,
      ),
    ).toBeUndefined();
  });

  // A red team's answer built no graph: it turned the checks' w.grad into a getter whose setter
  // ignored the checks' own writes, so the checks read the gradients it had planted.
  it('lets an object the checks let change hold other values, but not getters, setters, other functions or prototypes', () => {
    const node = () => ({ value: 1, grad: 0, inputs: [{ value: 2, grad: 0 }], history: [] as unknown[] });
    const model = (o: object) => o;
    // What the change allowed looks like: new values, objects added and replaced.
    expect(
      changed(
        node,
        (w: ReturnType<typeof node>) => {
          w.grad = 3;
          w.inputs[0].grad = 4;
          w.inputs.push({ value: 5, grad: 0 });
          w.history.push({ loss: 1 }, [1, 2]);
          (w as Record<string, unknown>).note = 'trained';
        },
        model,
      ),
    ).toBeUndefined();
    let planted = 0.5;
    expect(
      changed(node, (w: object) => Object.defineProperty(w, 'grad', { get: () => planted, set: () => {} }), model),
    ).toBe('y.grad has another getter or setter now');
    expect(
      changed(
        node,
        (w: ReturnType<typeof node>) => Object.defineProperty(w.inputs[0], 'grad', { get: () => planted }),
        model,
      ),
    ).toBe('y.inputs[0].grad has another getter or setter now');
    expect(
      changed(
        node,
        (w: object) =>
          Object.setPrototypeOf(w, {
            get grad() {
              return planted;
            },
          }),
        model,
      ),
    ).toBe('y has another prototype now');
    expect(
      changed(
        node,
        (w: Record<string, unknown>) => {
          w.backward = () => planted++;
        },
        model,
      ),
    ).toBe('y.backward was added');
    const method = () => 1;
    expect(
      changed(
        () => ({ train: method }),
        (w: Record<string, unknown>) => {
          w.train = () => 2;
        },
        model,
      ),
    ).toBe('y.train holds another object now');
  });

  it('fails closed when there is more to read than one reading takes', () => {
    const huge = Array.from({ length: 1_000_001 }, () => 0);
    expect(firstChange(readState([['y', huge]]), readState([['y', huge]]))).toBe(
      'what it could reach is too big to compare (more than 1,000,000 values)',
    );
  });

  it('agrees with itself when nothing changed, NaN included', () => {
    const value = { m: { rows: 1, cols: 2, data: new Float64Array([NaN, -0]) }, list: [NaN, 'a', null, undefined] };
    expect(firstChange(readState([['v', value]]), readState([['v', value]]))).toBeUndefined();
  });
});
