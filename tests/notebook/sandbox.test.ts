import { describe, expect, test } from 'vitest';
import { lockDown } from '../../src/notebook/sandbox.ts';

describe('lockDown', () => {
  test('replaces network and storage on the global object and its prototypes', () => {
    // A stand-in for a worker's global: fetch lives on the prototype, as on WorkerGlobalScope.
    const proto = { fetch: () => 'sent', indexedDB: {}, setTimeout: () => 1 };
    const scope = Object.create(proto) as Record<string, any>;
    scope.WebSocket = function WebSocket() {};
    scope.navigator = { sendBeacon: () => true };
    lockDown(scope);
    expect(() => scope.fetch('https://example.com')).toThrow(
      'fetch is not available in code cells: cells cannot reach the network; the data sets the book uses are in the "nn" module.',
    );
    expect(typeof scope.fetch).toBe('function');
    expect(() => new scope.WebSocket('wss://x')).toThrow(/^WebSocket is not available in code cells/);
    expect(() => scope.indexedDB).toThrow("indexedDB is not available in code cells: cells cannot read or write the browser's storage.");
    expect(() => scope.navigator.sendBeacon).toThrow(/^navigator\.sendBeacon is not available/);
    expect(scope.setTimeout()).toBe(1);
  });
});
