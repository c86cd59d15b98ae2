import { Command, CommanderError, Help, Option } from 'commander';
import { ExitCode, SessctlError, exitCodeFor, isSessctlError } from '../errors.js';
import { scrub } from '../redact.js';
import type { CliContext, GlobalOptions } from './context.js';
import { commands } from './commands/index.js';
import { GLOBAL_SPEC } from '../options/global.js';
import { addSpecOptions, specValues } from './spec-options.js';
import { VERSION } from '../version.js';
import { COMMON_DOCS, DOCS_BASE, commandDocsUrl } from '../docs-url.js';

export interface CliIo {
  stdout: CliContext['stdout'];
  stderr: CliContext['stderr'];
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/**
 * Runs the CLI in-process and resolves to the exit code; never calls process.exit, so tests and
 * embedders can drive it. Errors become one scrubbed line (plus a hint) on stderr.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('sessctl')
    .description('Find, remove and prevent orphaned server-side sessions (Redis, Valkey, memcached).')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // "(default: false)" on a switch and "(default: [])" on a list say nothing a reader needs.
    .configureHelp({
      optionDescription: (option) => new Help().optionDescription(option).replace(/ \(default: (false|\[\])\)$/, ''),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Help shown on stderr (no command given) documents user:pass@ URLs and must stay readable;
      // errors, which may quote what was typed, are scrubbed.
      writeErr: (s) => io.stderr.write(s),
      // One prefix for every error: commander's "error: …" reads like ours, "sessctl: …".
      outputError: (s, write) => write(scrub(s.replace(/^error: /, 'sessctl: '))),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ sessctl demo                                   the whole story on embedded defaults
  $ sessctl scan redis://localhost:6379            find orphaned sessions
  $ sessctl probe http://localhost:3000/api/me     how does this server handle sessions?

Store URLs:
  redis://[user:pass@]host:port[/db]   valkey://…   redis+cluster://h1:p1,h2:p2   redis+sentinel://h1:p1/master[/db]
  memcached://h1:p1[,h2:p2]   memory://name
  TLS: rediss://, valkeys://, rediss+cluster://, rediss+sentinel://, options as query parameters (redis-cli's names):
    ?cacert=FILE          trust this CA (PEM) instead of the system's; or set NODE_EXTRA_CA_CERTS=FILE
    &cert=FILE&key=FILE   client certificate and key, for servers with tls-auth-clients yes
    &sni=NAME             the server name to send and verify the certificate against
    &insecure             skip certificate verification (testing only)
  $ sessctl scan 'rediss://:secret@cache:6380/0?cacert=/etc/ssl/redis-ca.pem'
  Passwords out of argv: REDISCLI_AUTH=… (as redis-cli), --password-file FILE, or env:NAME as the URL
  $ REDISCLI_AUTH=secret sessctl scan redis://cache:6379      $ sessctl scan env:REDIS_URL

Exit codes: 0 ok · 1 findings at or above --fail-on · 2 usage error · 3 could not complete
Docs: ${DOCS_BASE}${COMMON_DOCS} (every command: sessctl <command> --help links its page)`,
    );

  const globalsOf = (): GlobalOptions => {
    const o = specValues(GLOBAL_SPEC, program.opts());
    const color = o.color && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && Boolean(io.stdout.isTTY);
    return {
      format: o.format,
      output: o.output,
      failOn: o.failOn,
      color,
      verbose: o.verbose,
      passwordFile: o.passwordFile,
    };
  };

  addSpecOptions(program, GLOBAL_SPEC);
  // Each run is a fresh process, and loading and wiring nine commands' flags is a tenth of a
  // small scan's CPU: a run that names its command registers that one alone. Anything else (no
  // command, --help, help, an unknown word or option) registers all, for commander to list or refuse.
  const named = commandNamed(argv);
  // Loaded together (as one static graph would be), registered in the list's order.
  const registers = await Promise.all(
    commands.filter((c) => named === undefined || c.name === named).map((c) => c.load()),
  );
  for (const register of registers) {
    register(program, async (action) => {
      exitCode = await action({ globals: globalsOf(), ...io });
    });
  }
  // One place links every command to its reference, so a new command gets its line without
  // touching its own file (commands without a page of their own link the README).
  for (const command of program.commands) command.addHelpText('after', `\nDocs: ${commandDocsUrl(command.name())}`);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are successful exits
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version')
        return ExitCode.ok;
      // no command: the help went to stderr, and like any other call that names nothing to do it is a usage error
      return ExitCode.usage;
    }
    reportError(err, io.stderr, program.opts().verbose === true);
    return exitCodeFor(err);
  }
  return exitCode;
}

/**
 * The command `argv` names, read as commander reads it: global options (with their values) may come
 * first. Undefined when the first word is no command, or an option before it is not a global one.
 */
function commandNamed(argv: string[]): string | undefined {
  // --help and --version are left out: what they print may list every command.
  const options = Object.values(GLOBAL_SPEC).flatMap((entry) => (entry.flags ? [new Option(entry.flags)] : []));
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('-')) return commands.some((c) => c.name === word) ? word : undefined;
    // --name=value carries its value; otherwise a value, if the option takes one, is the next word.
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq < 0 ? word : word.slice(0, eq);
    const option = options.find((o) => o.long === flag || o.short === flag);
    if (!option || (eq >= 0 && !option.required && !option.optional)) return undefined;
    if (eq < 0 && (option.required || (option.optional && !argv[i + 1]?.startsWith('-')))) i++;
  }
  return undefined;
}

function reportError(err: unknown, stderr: NodeJS.WritableStream, verbose: boolean): void {
  if (isSessctlError(err)) {
    stderr.write(scrub(`sessctl: ${err.message}\n`));
    if (err.hint) stderr.write(scrub(`  hint: ${err.hint}\n`));
    if (verbose && err.cause) stderr.write(scrub(`  cause: ${(err.cause as Error)?.stack ?? String(err.cause)}\n`));
    return;
  }
  const e = err as Error;
  stderr.write(scrub(`sessctl: internal error: ${e?.message ?? String(err)}\n`));
  stderr.write(
    scrub(verbose ? `${e?.stack ?? ''}\n` : '  hint: run again with --verbose for the stack, and please report it\n'),
  );
}

export { SessctlError };
