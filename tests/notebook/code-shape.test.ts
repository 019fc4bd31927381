import { describe, expect, it } from 'vitest';
import { codeShape, withoutComments } from '../../src/notebook/code-shape.ts';

describe('codeShape: what code says, layout aside', () => {
  it('drops comments, but not what a string or a template holds', () => {
    expect(withoutComments('const a = 1; // one\n/* two */ const b = "x // y";\nconst c = `/* z */`;')).toBe('const a = 1;  \n  const b = "x // y";\nconst c = `/* z */`;');
    expect(withoutComments("const s = 'it\\'s // not a comment';")).toBe("const s = 'it\\'s // not a comment';");
    expect(withoutComments('a /* never closed')).toBe('a  ');
  });

  it('takes out layout, keeping one space between two word characters', () => {
    expect(codeShape('function f(x) {\r\n  return x + 1;\n}\n')).toBe('function f(x){return x+1;}');
    expect(codeShape(' let  x=1')).toBe(codeShape('let x = 1'));
    expect(codeShape('let x = 1')).not.toBe(codeShape('letx = 1'));
    expect(codeShape('return a; // done')).not.toBe(codeShape('return a;'));
    expect(codeShape('return a; // done', { comments: false })).toBe(codeShape('return a;'));
  });
});
