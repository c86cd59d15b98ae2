import { runCli } from './program.js';

// The only place that touches process.exit and signals; everything below is testable in-process.
const controller = new AbortController();

// `sessctl … | head` closes the pipe early; that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
let interrupted = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: stop gracefully and write partial results. Second: leave now.
    if (++interrupted > 1) process.exit(3);
    controller.abort(new Error(`interrupted by ${sig}`));
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
// Open sockets from a failed client must not keep a finished command alive.
setTimeout(() => process.exit(code), 200).unref();
