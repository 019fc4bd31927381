import { describe, expect, it } from 'vitest';
import { fromArray } from '../../src/nn/index.ts';
import { ReturnedValues } from '../../src/notebook/returned.ts';

describe('ReturnedValues', () => {
  it('names a result that is the very array, typed array or matrix the call was given', () => {
    const returned = new ReturnedValues();
    const w = [1, 2];
    expect(returned.note('myStep', 3, w, [w, [0.5, -4], 0])).toBe(
      'myStep returned argument 1 itself, the array it was given, not a new array (call 3): code that changes what it got back would change what it passed in. Return a new array, even when nothing changes.',
    );
    const M = fromArray([[1, 2]]);
    expect(returned.note('myLayer', 1, M, [fromArray([[1, 2]]), M])).toMatch(/^myLayer returned argument 2 itself, the matrix it was given, not a new matrix/);
    expect(returned.note('myStep', 4, [1, 2], [w, [0.5, -4], 0])).toBeUndefined(); // equal, not the same
    expect(returned.note('myOrder', 1, { value: 1 }, [])).toBeUndefined(); // a node is not plain data
    class Gradients { constructor(readonly dW1: unknown) {} } // a red team's: the matrices in a class's instance
    expect(returned.note('myMseGradients', 2, new Gradients(M), [M])).toMatch(/^myMseGradients returned argument 1 itself \(as dW1\), the matrix it was given/);
    expect(returned.note('mySum', 1, 3, [3])).toBeUndefined();
  });

  it('finds a result changed after it was returned, item by item, and tells each change once', () => {
    const returned = new ReturnedValues();
    const history = [0.5, 0.25];
    returned.note('myTrain', 1, history, []);
    const M = fromArray([[1, 2], [3, 4]]);
    returned.note('myForward', 2, M, []);
    const typed = new Float64Array([1, 2]);
    returned.note('myFilter', 3, typed, []);
    expect(returned.firstChange()).toBeUndefined();
    history.length = 0;
    history.push(0.9);
    expect(returned.firstChange()).toBe('(what myTrain returned in call 1)[0] was 0.5, is now 0.9');
    history.push(1, 2);
    expect(returned.firstChange()).toBeUndefined(); // told once, then no longer watched
    M.data[3] = 40;
    expect(returned.firstChange()).toBe('(what myForward returned in call 2).data[3] was 4, is now 40');
    typed[0] = -1;
    expect(returned.firstChange()).toBe('(what myFilter returned in call 3)[0] was 1, is now -1');
  });

  it('tells a value that grew or shrank by its length', () => {
    const returned = new ReturnedValues();
    const history = [0.5];
    returned.note('myTrain', 1, history, []);
    history.push(0.25, 0.125);
    expect(returned.firstChange()).toBe('(what myTrain returned in call 1) had 1 item, now has 3 items');
  });

  it('compares the items of an array of objects by identity, not what they hold (the checks change nodes it returns)', () => {
    const returned = new ReturnedValues();
    const node = { value: 1, grad: 0 };
    const order = [node];
    returned.note('myOrder', 1, order, []);
    node.grad = 5;
    expect(returned.firstChange()).toBeUndefined();
    order[0] = { value: 1, grad: 0 };
    expect(returned.firstChange()).toMatch(/^\(what myOrder returned in call 1\)\[0\] was/);
  });
});
