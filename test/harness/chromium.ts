/**
 * Headless Chromium (Debian's `chromium` package) driven over the DevTools protocol, for the HTML
 * report tests. No browser-automation dependency: undici's WebSocket speaks CDP, and the browser
 * prints its DevTools URL on stderr when started with --remote-debugging-port=0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'undici';
import { requireBinary } from './servers.js';

/** Where screenshots go: git-ignored, kept for the closing note and as CI artifacts. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'artifacts', 'html');

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}

/** One CDP connection: commands by id, events to listeners, per session (flattened targets). */
class Cdp {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void; method: string }>();
  private listeners = new Set<(m: Message) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as Message;
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p?.resolve(msg.result ?? {});
      } else for (const l of this.listeners) l(msg);
    });
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: DevTools connection closed`));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.addEventListener('open', () => resolve(new Cdp(ws)), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot connect to DevTools at ${url}`)), { once: true });
    });
  }

  send<T = Params>(method: string, params: Params = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Params) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

export interface LoadOptions {
  colorScheme?: 'light' | 'dark';
  media?: 'screen' | 'print';
  width?: number;
}

/** A report loaded in a tab, with everything it tried to do on the way. */
export interface LoadedPage {
  url: string;
  /** console.error/assert calls, uncaught exceptions, and browser log errors (CSP violations, failed loads). */
  errors: string[];
  /** Every request other than the file itself; each was failed before it left the browser. */
  blocked: string[];
  /** Every URL the page requested, as the network layer saw it (the file itself included). */
  requested: string[];
  /** alert()/confirm()/prompt() the page opened: a script ran. */
  dialogs: string[];
  evaluate<T>(expression: string): Promise<T>;
  /** A full-page PNG under SCREENSHOT_DIR; returns its path and size in bytes. */
  screenshot(name: string): Promise<{ path: string; bytes: number }>;
  close(): Promise<void>;
}

export interface Chromium {
  /** Opens a file (or a file: URL) in a fresh tab and waits for its load event. */
  load(file: string, options?: LoadOptions): Promise<LoadedPage>;
  close(): Promise<void>;
}

/** Starts headless Chromium on a private profile; close() stops it and removes the profile. */
export async function launchChromium(): Promise<Chromium> {
  const bin = requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'sessctl-chromium-'));
  const args = [
    '--headless',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--hide-scrollbars',
    '--disable-crash-reporter',
    '--disable-breakpad',
    // Chromium refuses to run as root with its sandbox (containers, CI): the pages are our own reports.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    'about:blank',
  ];
  // Its own process group: Debian's launcher script, the browser and its helpers go down together.
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let cdp: Cdp;
  try {
    cdp = await Cdp.connect(await devtoolsUrl(child));
  } catch (err) {
    killGroup(child);
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    throw err;
  }
  return {
    load: (file, options) => load(cdp, file, options),
    async close() {
      const exited = new Promise((r) =>
        child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r),
      );
      // Browser.close shuts the browser down as its own UI would; the launcher exits with it.
      await cdp.send('Browser.close').catch(() => undefined);
      cdp.close();
      await exited;
      // Helpers that outlive the browser (a renderer mid-write) belong to its group: none may linger.
      killGroup(child);
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    },
  };
}

/** SIGKILL to the process group this harness started (by its id); nothing left is fine. */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function requireChromium(): string {
  try {
    return requireBinary('chromium');
  } catch {
    throw new Error(
      'chromium not found: install the Debian package chromium (bash scripts/install-test-deps.sh does it)',
    );
  }
}

/** Reads `DevTools listening on ws://…` from the browser's stderr. */
function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (m) {
        child.stderr!.off('data', onData);
        // Keep draining stderr so the browser never blocks on a full pipe.
        child.stderr!.resume();
        resolve(m[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}) before DevTools listened:\n${seen}`)));
    child.once('error', reject);
  });
}

async function load(cdp: Cdp, file: string, options: LoadOptions = {}): Promise<LoadedPage> {
  const url = file.startsWith('file:') ? file : pathToFileURL(file).href;
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
  const send = <T = Params>(method: string, params: Params = {}) => cdp.send<T>(method, params, sessionId);
  const errors: string[] = [];
  const blocked: string[] = [];
  const requested: string[] = [];
  const dialogs: string[] = [];
  let loaded!: () => void;
  const loadEvent = new Promise<void>((r) => (loaded = r));

  const off = cdp.on((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params ?? {};
    switch (m.method) {
      case 'Fetch.requestPaused': {
        const req = p.request as { url: string };
        if (req.url === url) void send('Fetch.continueRequest', { requestId: p.requestId });
        else {
          blocked.push(req.url);
          void send('Fetch.failRequest', { requestId: p.requestId, errorReason: 'BlockedByClient' });
        }
        break;
      }
      case 'Network.requestWillBeSent':
        requested.push((p.request as { url: string }).url);
        break;
      case 'Runtime.consoleAPICalled':
        if (p.type === 'error' || p.type === 'assert')
          errors.push(
            `console.${String(p.type)}: ${JSON.stringify((p.args as Array<{ value?: unknown }>).map((a) => a.value))}`,
          );
        break;
      case 'Runtime.exceptionThrown':
        errors.push(`exception: ${JSON.stringify((p.exceptionDetails as { text?: string }).text)}`);
        break;
      case 'Log.entryAdded': {
        const entry = p.entry as { level: string; text: string; url?: string };
        if (entry.level === 'error') errors.push(`log: ${entry.text}${entry.url ? ` (${entry.url})` : ''}`);
        break;
      }
      case 'Page.javascriptDialogOpening':
        dialogs.push(String(p.message));
        void send('Page.handleJavaScriptDialog', { accept: true });
        break;
      case 'Page.loadEventFired':
        loaded();
        break;
    }
  });

  await Promise.all([
    send('Page.enable'),
    send('Runtime.enable'),
    send('Log.enable'),
    send('Network.enable'),
    // Every request pauses here; only the report itself may continue.
    send('Fetch.enable', { patterns: [{ urlPattern: '*' }] }),
    send('Emulation.setEmulatedMedia', {
      media: options.media ?? 'screen',
      features: [{ name: 'prefers-color-scheme', value: options.colorScheme ?? 'light' }],
    }),
    send('Emulation.setDeviceMetricsOverride', {
      width: options.width ?? 1200,
      height: 900,
      deviceScaleFactor: 1,
      mobile: false,
    }),
  ]);
  await send('Page.navigate', { url });
  await loadEvent;

  return {
    url,
    errors,
    blocked,
    requested,
    dialogs,
    async evaluate<T>(expression: string): Promise<T> {
      const r = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
        expression,
        returnByValue: true,
      });
      if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${r.exceptionDetails.text}`);
      return r.result.value;
    },
    async screenshot(name: string) {
      // A tab behind another paints no frames, and a capture would wait for one forever.
      await send('Page.bringToFront');
      const { cssContentSize } = await send<{ cssContentSize: { width: number; height: number } }>(
        'Page.getLayoutMetrics',
      );
      const { data } = await send<{ data: string }>('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        clip: { x: 0, y: 0, width: cssContentSize.width, height: cssContentSize.height, scale: 1 },
      });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      mkdirSync(dirname(path), { recursive: true });
      const png = Buffer.from(data, 'base64');
      writeFileSync(path, png);
      return { path, bytes: png.length };
    },
    async close() {
      off();
      await cdp.send('Target.closeTarget', { targetId });
    },
  };
}
