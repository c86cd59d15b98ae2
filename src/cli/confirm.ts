import { createInterface } from 'node:readline/promises';
import type { CliContext } from './context.js';

/** Asks a yes/no question on the terminal; only an explicit y/yes counts. */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
  try {
    const answer = await rl.question(question, { signal: ctx.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
