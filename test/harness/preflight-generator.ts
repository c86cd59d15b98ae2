import { Agent, request } from 'undici';

export interface PreflightGenerator {
  /** Completed preflights: Date.now() of each response's end. */
  readonly done: number[];
  /** Points the traffic at another app from the next request on (e.g. the fixed one). */
  retarget(url: string): void;
  /** Completed preflights per second in (fromMs, toMs]. */
  rateIn(fromMs: number, toMs: number): number;
  stop(): Promise<void>;
}

/**
 * CORS preflights (OPTIONS + Access-Control-Request-Method, no cookie, as browsers send them) at a
 * fixed rate: request i goes out at start + i/perS, so a late tick catches up instead of drifting.
 */
export function preflightGenerator(url: string, perS: number, path = '/api/me'): PreflightGenerator {
  const agent = new Agent({ connections: 8, pipelining: 1 });
  const done: number[] = [];
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let target = url;
  let sent = 0;
  const send = () => {
    const p = request(`${target}${path}`, {
      method: 'OPTIONS',
      dispatcher: agent,
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    })
      .then(async (res) => {
        await res.body.dump();
        done.push(Date.now());
      })
      .catch(() => undefined)
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * perS);
    while (sent < due) {
      sent++;
      send();
    }
  }, 5);
  return {
    done,
    retarget: (u) => void (target = u),
    rateIn(fromMs, toMs) {
      let n = 0;
      for (const t of done) if (t > fromMs && t <= toMs) n++;
      return n / ((toMs - fromMs) / 1000);
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      await agent.close();
    },
  };
}
