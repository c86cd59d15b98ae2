import type { ProbeReport } from '../probe/types.js';
import { redactStoreUrl } from '../stores/store-url.js';
import { timeoutSignal } from '../timeout-signal.js';
import { severityRank, type FailOn, type Severity } from '../severity.js';
import type { CheckReport, TargetOutcome } from './check-report.js';
import type { CheckConfig, CheckTarget, ProbeTarget, ScanTarget } from './config.js';
import { emptyScan, probeItems, scanItems } from './target-items.js';
import type { ScanReportLike } from './scan-report-like.js';
import { evaluateThresholds } from './thresholds.js';

/** How check runs one probe or scan. The defaults call the probe and scan cores. */
export interface CheckEngines {
  probe(target: ProbeTarget, signal: AbortSignal): Promise<ProbeReport>;
  scan(target: ScanTarget, signal: AbortSignal): Promise<ScanReportLike>;
}

export interface RunCheckOptions {
  /** Wins over the config's failOn (the command line's explicit --fail-on). */
  failOn?: FailOn;
  signal: AbortSignal;
  engines?: CheckEngines;
  /** Targets run at once; probes and scans of different targets are independent. */
  concurrency?: number;
  /** After each target (progress on a TTY): how many are done, of how many, and the names still running. */
  onTarget?: (progress: { done: number; total: number; running: string[] }) => void;
}

/**
 * Runs every probe and scan of a config and folds them into one report. It never throws for a
 * target: an unreachable store or app makes that target incomplete (exit 3), and the others still
 * run and are reported.
 */
export async function runCheck(config: CheckConfig, options: RunCheckOptions): Promise<CheckReport> {
  const { signal, concurrency = 4 } = options;
  const engines = options.engines ?? (await import('./default-engines.js')).defaultEngines;
  const started = performance.now();
  const runFailOn = options.failOn ?? config.failOn ?? 'medium';
  const targets: CheckTarget[] = [...config.probes, ...config.scans];
  const outcomes: TargetOutcome[] = new Array(targets.length);

  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      running.add(targets[i]!.name);
      report();
      outcomes[i] = await runTarget(targets[i]!, options.failOn ?? targets[i]!.failOn ?? runFailOn, engines, signal);
      running.delete(targets[i]!.name);
      done++;
      report();
    }
  };
  let done = 0;
  const running = new Set<string>();
  const report = () => options.onTarget?.({ done, total: targets.length, running: [...running] });
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));

  const items = outcomes.flatMap((o) => o.items);
  const failed = items.filter((i) => i.status === 'fail');
  const incomplete = outcomes.filter((o) => !o.complete).length;
  const failing = items.filter((i) => i.failing).length;
  const highest = failed.reduce<Severity | null>(
    (h, i) => (i.severity && (h === null || severityRank(i.severity) > severityRank(h)) ? i.severity : h),
    null,
  );
  return {
    schema: 'sessctl-check/1',
    complete: incomplete === 0,
    config: config.file,
    failOn: runFailOn,
    durationMs: Math.round(performance.now() - started),
    targets: outcomes,
    summary: {
      targets: outcomes.length,
      incomplete,
      findings: failed.length,
      failing,
      highest,
      exitCode: incomplete ? 3 : failing ? 1 : 0,
    },
  };
}

async function runTarget(
  target: CheckTarget,
  failOn: FailOn,
  engines: CheckEngines,
  parent: AbortSignal,
): Promise<TargetOutcome> {
  const timeout = timeoutSignal(parent, target.timeoutMs);
  try {
    return await runTargetUntil(target, failOn, engines, parent, timeout.signal);
  } finally {
    timeout.clear();
  }
}

async function runTargetUntil(
  target: CheckTarget,
  failOn: FailOn,
  engines: CheckEngines,
  parent: AbortSignal,
  signal: AbortSignal,
): Promise<TargetOutcome> {
  const started = performance.now();
  const base = { name: target.name, ref: `${target.kind}s[${target.index}]`, line: target.line, failOn };
  const elapsed = () => Math.round(performance.now() - started);
  const why = (err: unknown) => {
    if (signal.aborted && !parent.aborted) return `timed out after ${target.timeoutMs / 1000}s`;
    return (err as Error)?.message ?? String(err);
  };

  if (target.kind === 'probe') {
    try {
      const report = await engines.probe(target, signal);
      const complete = report.complete;
      const errors = complete ? [] : report.errors.length ? report.errors : [why(signal.reason)];
      return {
        kind: 'probe',
        ...base,
        url: target.url,
        complete,
        errors,
        durationMs: elapsed(),
        report,
        items: probeItems(report, target, failOn, errors),
      };
    } catch (err) {
      const errors = [why(err)];
      return {
        kind: 'probe',
        ...base,
        url: target.url,
        complete: false,
        errors,
        durationMs: elapsed(),
        report: null,
        items: probeItems(null, target, failOn, errors),
      };
    }
  }
  const store = redactStoreUrl(target.store);
  try {
    const report = await engines.scan(target, signal);
    const thresholds = evaluateThresholds(target, report);
    // A walk stopped by the entry's timeout reports "interrupted"; the timeout is the reason to name.
    const timedOut = signal.aborted && !parent.aborted;
    const errors = report.complete
      ? []
      : timedOut || !report.problems?.length
        ? [why(signal.reason ?? new Error('the scan did not finish'))]
        : report.problems;
    // A scan that recognised no session is inconclusive (exit 3) unless the config allows it.
    const empty = emptyScan(report, target);
    const items = scanItems(report, thresholds, target, failOn, errors);
    return {
      kind: 'scan',
      ...base,
      store,
      complete: report.complete && !empty,
      errors: empty ? [empty] : errors,
      durationMs: elapsed(),
      report,
      thresholds,
      items,
    };
  } catch (err) {
    const errors = [why(err)];
    return {
      kind: 'scan',
      ...base,
      store,
      complete: false,
      errors,
      durationMs: elapsed(),
      report: null,
      thresholds: [],
      items: scanItems(null, [], target, failOn, errors),
    };
  }
}
