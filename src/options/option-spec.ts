/**
 * One typed option spec per command: each entry says once what an option is called on the command
 * line and in a check config, how its text is parsed and validated, its default and its help. From
 * the specs come the commander options (`cli/spec-options.ts`), the check config's keys and
 * defaults (`check/parse-config.ts`) and the config JSON Schema (`options/config-schema.ts`,
 * written to schema/ by `npm run schema`).
 *
 * How to add an option:
 * 1. Add an entry to the command's spec (`options/<command>.ts`), keyed by the name the core
 *    function takes it under (e.g. `minAgeMs` in `ScanOptions`): `flags` and `help` put it on the
 *    command line, `parse` turns the flag's text into the value (throw a UsageError that says how to
 *    fix it), `default` is the only place its default is written, and `config` (a key and a schema
 *    node) makes a check config able to set it.
 * 2. Run `npm run schema` when it has a `config`, and commit schema/sessctl.config.schema.json;
 *    `options/config-schema.test.ts` fails until the committed file matches.
 * 3. The command reads it with `specValues(spec, flags)`; nothing else needs to name it.
 */

/** A JSON Schema node, as the config schema writes it. */
export type SchemaNode = { readonly [key: string]: unknown };

/** Where a check config target sets an option. */
export interface ConfigKey<T> {
  /** The key in a probe or scan target of the config, e.g. `minAge`. */
  readonly key: string;
  /** Its schema node (with its description); ajv validates the config against it. */
  readonly schema: SchemaNode;
  /**
   * The schema-valid config value as the option's value. Default: a string goes through the
   * option's `parse` (durations, sizes), anything else is taken as it is.
   */
  read?(value: never): T;
}

export interface OptionSpec<T> {
  /** Commander flags, e.g. `--min-age <duration>`; absent for a setting only a config has. */
  readonly flags?: string;
  /** The line `--help` shows. */
  readonly help?: string;
  /** The flag's text as the value; throws a UsageError that says what to type. `previous` collects repeats. */
  parse?(text: string, previous?: T): T;
  /** The default, written here only: the cores and the CLI read it from the spec. */
  readonly default?: T;
  /** How `--help` shows the default, e.g. `5m` for 300000 ms. */
  readonly defaultLabel?: string;
  /** Settable in a check config target, under this key. */
  readonly config?: ConfigKey<T>;
}

export interface DefaultedOptionSpec<T> extends OptionSpec<T> {
  readonly default: T;
}

export type CommandSpec = { readonly [name: string]: OptionSpec<unknown> };

/** An option whose value may be absent (no default). */
export function option<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}

/** An option that always has a value: its default. */
export function defaulted<T>(spec: DefaultedOptionSpec<T>): DefaultedOptionSpec<T> {
  return spec;
}

/** The options a command's spec parses to: defaulted entries always set, the others maybe. */
export type SpecValues<S> = {
  -readonly [K in keyof S]: S[K] extends DefaultedOptionSpec<infer T>
    ? T
    : S[K] extends OptionSpec<infer T>
      ? T | undefined
      : never;
};

/** The options a config target sets: only those it names (the cores apply their defaults to the rest). */
export type ConfigValues<S> = Partial<SpecValues<S>>;

/** Each entry's default, for a core that is called without the CLI (library, check). */
export function specDefaults<S extends CommandSpec>(spec: S): SpecDefaults<S> {
  return Object.fromEntries(
    Object.entries(spec)
      .filter(([, s]) => s.default !== undefined)
      .map(([name, s]) => [name, s.default]),
  ) as SpecDefaults<S>;
}

/** The entries of a spec that have a default, with it. */
export type SpecDefaults<S> = {
  -readonly [K in keyof S as S[K] extends DefaultedOptionSpec<unknown> ? K : never]: SpecValues<S>[K];
};
