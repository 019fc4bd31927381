// WebKit for the tests in this folder: Debian's WebKitGTK MiniBrowser driven by its WebDriver
// (WebKitWebDriver, package webkit2gtk-driver) through selenium-webdriver, against dist/ served
// over HTTP as any static host serves it (tests/serve-dist.mjs). MiniBrowser has no headless
// mode, so without a DISPLAY it runs on a virtual X server (Xvfb, package xvfb) started here.
// Needs the built site (npm test builds it first), WebKitWebDriver at WEBKIT_DRIVER_PATH or
// /usr/bin/WebKitWebDriver, MiniBrowser at WEBKIT_BROWSER_PATH or in WebKitGTK's library folder,
// and Xvfb when there is no display. Without any of them the tests are skipped with a loud
// message, except under CI=true, where that is a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Builder, By, Key, until, type WebDriver } from 'selenium-webdriver';
import { serveDist } from '../serve-dist.mjs';

/** The built site; OUT_DIR measures a site built elsewhere (as `OUT_DIR=path npm run build` writes it). */
export const dist = process.env.OUT_DIR ?? join(import.meta.dirname, '../../dist');
const driverPath = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const browserPath = process.env.WEBKIT_BROWSER_PATH
  ?? ['x86_64-linux-gnu', 'aarch64-linux-gnu'].flatMap((arch) => ['4.1', '4.0'].map((v) => `/usr/lib/${arch}/webkit2gtk-${v}/MiniBrowser`)).find(existsSync)
  ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const xvfbPath = '/usr/bin/Xvfb';
const ci = process.env.CI === 'true';
const missing = [
  !existsSync(driverPath) && `WebKitWebDriver not found at ${driverPath} (apt-get install webkit2gtk-driver, or set WEBKIT_DRIVER_PATH)`,
  !existsSync(browserPath) && `MiniBrowser not found at ${browserPath} (it comes with webkit2gtk-driver's libwebkit2gtk, or set WEBKIT_BROWSER_PATH)`,
  !process.env.DISPLAY && !existsSync(xvfbPath) && `no DISPLAY and no Xvfb at ${xvfbPath} (apt-get install xvfb)`,
  !existsSync(join(dist, 'index.html')) && `no built site in ${dist} (npm run build)`,
].filter(Boolean);
/** Whether WebKit, a display for it and the built site are here. */
export const ready = missing.length === 0;
/** Skip the suite: nothing to run it on, and not under CI. */
export const skip = !ready && !ci;
if (!ready) {
  console.log(`${'='.repeat(78)}\nWEBKIT TESTS NOT RUN: ${missing.join('; ')}.${ci ? ' CI=true: this is a failure.' : ''}\n${'='.repeat(78)}`);
}

export interface WebKit {
  origin: string;
  /** A new MiniBrowser session (its own storage) on `path`, collecting the page's errors into `errors` from load on. */
  open(path: string): Promise<{ driver: WebDriver; errors(): Promise<string[]> }>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (WebKitWebDriver wants one named). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts Xvfb on a display it picks itself (-displayfd) and resolves to ":N". */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn(xvfbPath, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let log = '';
  xvfb.stderr!.on('data', (chunk) => { log += chunk; });
  const display = await new Promise<string>((resolve, reject) => {
    xvfb.stdio[3]!.on('data', (chunk) => resolve(`:${String(chunk).trim()}`));
    xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}: ${log.trim()}`)));
  });
  return { display, process: xvfb };
}

/** Serves dist/, starts a display if there is none, and WebKitWebDriver. */
export async function startWebKit(): Promise<WebKit> {
  if (!ready) throw new Error(`WebKit cannot run: ${missing.join('; ')}`);
  const { server, origin } = await serveDist(dist);
  const xvfb = process.env.DISPLAY ? null : await startXvfb();
  const env = { ...process.env, DISPLAY: xvfb?.display ?? process.env.DISPLAY };
  const port = await freePort();
  const webdriver = spawn(driverPath, [`--port=${port}`], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const up = await fetch(`${url}/status`).then((r) => r.ok, () => false);
    if (up) break;
    if (tries > 100 || webdriver.exitCode !== null) throw new Error(`WebKitWebDriver did not start on port ${port} (exit code ${webdriver.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sessions = new Set<WebDriver>();
  return {
    origin,
    async open(path) {
      const driver = await new Builder()
        .usingServer(url)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: browserPath, args: ['--automation'] } })
        .build();
      note(`open ${path}`);
      sessions.add(driver);
      limitCommands(driver);
      // A page that never finishes loading fails here, at this step, within a minute (WebDriver's
      // default is five, longer than any test's time: a test that ran out named no step).
      await driver.manage().setTimeouts({ pageLoad: 60_000 });
      await driver.manage().window().setRect({ width: 1280, height: 900 });
      await driver.get(origin + path);
      note('loaded');
      // WebKitWebDriver has no console log, and a script can be added only after load: errors
      // from here on are caught (uncaught exceptions, rejections, console.error).
      await driver.executeScript(`
        const errors = window.__webkitErrors = [];
        addEventListener('error', (e) => errors.push(e.message));
        addEventListener('unhandledrejection', (e) => errors.push(String(e.reason?.message ?? e.reason)));
        const consoleError = console.error.bind(console);
        console.error = (...args) => { errors.push(args.map(String).join(' ')); consoleError(...args); };`);
      return { driver, errors: () => driver.executeScript<string[]>('return window.__webkitErrors') };
    },
    async close() {
      for (const driver of sessions) await driver.quit().catch(() => {});
      webdriver.kill();
      xvfb?.process.kill();
      server.close();
    },
  };
}

/**
 * What the helpers did in the running test, in ms since it began, and the WebDriver commands still
 * unanswered: printed when a test fails (trailOnFailure). A WebKit test that ran out of its time
 * in CI named no step; with this its log says where it stood.
 */
const trail: string[] = [];
let trailStart = Date.now();
const inFlight = new Map<number, { what: string; since: number }>();
let commandIds = 0;

/** Records a step of the running test. */
export function note(step: string) {
  trail.push(`${String(Date.now() - trailStart).padStart(6)} ms  ${step}`);
}

/** For a test file: a fresh trail for each test, and the trail of a test that failed printed. */
export function trailOnFailure(hooks: { beforeEach: (fn: () => void) => void; afterEach: (fn: (context: { task: { name: string; result?: { state?: string } } }) => void) => void }) {
  hooks.beforeEach(() => {
    trail.length = 0;
    trailStart = Date.now();
  });
  hooks.afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    const now = Date.now();
    const pending = [...inFlight.values()].map(({ what, since }) => `${what}, for ${now - since} ms`);
    console.error(`WebKit: "${task.name}" failed. Its steps (ms since it began):\n${trail.join('\n')}\n` +
      `WebDriver commands unanswered now: ${pending.length ? pending.join('; ') : 'none'}`);
  });
}

/** How long one WebDriver command may go unanswered; loading a page has its own limit (60 s, above). */
const COMMAND_LIMIT = 45_000;

/**
 * Gives every command of `driver` a time limit that names it. MiniBrowser now and then stops
 * answering one (issue 16: WebKit tests that ran out their 120 s in CI, even alone, naming no
 * step); now such a test fails at that command, saying which (and, for a script, its start).
 * Every command of the driver, its elements and its key and pointer actions goes through
 * `execute`.
 */
function limitCommands(driver: WebDriver) {
  const execute = driver.execute.bind(driver);
  driver.execute = (command: Parameters<WebDriver['execute']>[0]): Promise<void> => {
    const parameters = command.getParameters() as { script?: unknown; url?: unknown };
    const limit = command.getName() === 'get' ? 75_000 : COMMAND_LIMIT;
    const what = `${command.getName()}${typeof parameters.script === 'string' ? ` (${parameters.script.trim().slice(0, 80)}…)` : ''}${typeof parameters.url === 'string' ? ` (${parameters.url})` : ''}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`WebKit: the WebDriver command ${what} had no answer after ${limit / 1000} s`)), limit);
    });
    const id = ++commandIds;
    const since = Date.now();
    inFlight.set(id, { what, since });
    return Promise.race([
      execute(command).finally(() => {
        clearTimeout(timer);
        inFlight.delete(id);
        if (Date.now() - since > 2_000) note(`(${what} took ${Date.now() - since} ms)`);
      }),
      expired,
    ]);
  };
}

/** Waits until `predicate` (a function body over `args`, run in the page) returns true. */
export async function waitInPage(driver: WebDriver, predicate: string, args: unknown[] = [], timeout = 60_000, what = predicate) {
  note(`wait for ${what}`);
  await driver.wait(async () => Boolean(await driver.executeScript(predicate, ...args)), timeout, `timed out after ${timeout} ms waiting for ${what}`, 100);
}

/** Waits until the element with `id` has data-state matching `state`. */
export async function stateOf(driver: WebDriver, id: string, state: RegExp, timeout = 60_000) {
  await waitInPage(driver, 'return new RegExp(arguments[1]).test(document.getElementById(arguments[0])?.dataset.state ?? "")', [id, state.source], timeout, `#${id} in state ${state}`);
}

/** The text of the first element matching `selector`. */
export function text(driver: WebDriver, selector: string): Promise<string> {
  return driver.executeScript<string>('return document.querySelector(arguments[0])?.textContent ?? ""', selector);
}

/**
 * Clicks the first element matching `selector`, scrolled to the middle of the window first:
 * WebKitWebDriver takes an element far below the window (laid out lazily, a zero-size box) for
 * one that cannot be clicked. On a busy machine the layout can lag the scroll, so the click is
 * tried again (scrolled again) until the element takes it.
 */
export async function click(driver: WebDriver, selector: string) {
  note(`click ${selector}`);
  const element = await driver.wait(until.elementLocated(By.css(selector)), 30_000);
  await driver.wait(async () => {
    await driver.executeScript('arguments[0].scrollIntoView({ block: "center" })', element);
    try {
      await element.click();
      return true;
    } catch (error) {
      if ((error as Error).name === 'ElementNotInteractableError') {
        note(`(${selector} not clickable yet)`);
        return false;
      }
      throw error;
    }
  }, 30_000, `${selector} never took a click`);
}

/** Replaces a cell's code by typing into its editor, as a reader would. */
export async function typeCode(driver: WebDriver, cellId: string, code: string) {
  note(`type into ${cellId}`);
  // The editor loads when the reader first clicks the code (or runs the cell); once it is there,
  // the server-rendered code under it is gone.
  if (!(await driver.findElements(By.css(`#${cellId} .cm-content`))).length) await click(driver, `#${cellId} [data-code]`);
  const editor = await driver.wait(until.elementLocated(By.css(`#${cellId} .cm-content`)), 30_000);
  await driver.wait(until.elementIsVisible(editor), 30_000);
  await click(driver, `#${cellId} .cm-content`);
  await driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys(Key.DELETE).perform();
  // Inserted as one edit, as a paste would be (typing key by key would let the editor add the
  // closing brackets and indentation a second time).
  await driver.executeScript('document.execCommand("insertText", false, arguments[0])', code);
}
