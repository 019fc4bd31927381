// A local HTTP listener for the attack suites: it records every request it gets, so a test can
// prove that sandboxed code sent nothing (tests/notebook/sandbox.test.ts, tests/e2e/sandbox.spec.ts).
import { createServer } from 'node:http';

export interface Listener {
  /** http://127.0.0.1:<port>, the address to aim at. */
  url: string;
  /** The paths of the requests received so far. */
  hits: string[];
  close(): Promise<void>;
}

export async function listen(): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    // Everything an escaped request could want, so only the sandbox can be what stops it.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Content-Type', 'text/javascript');
    response.end('globalThis.reached = true;');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((done) => server.close(() => done())) };
}
