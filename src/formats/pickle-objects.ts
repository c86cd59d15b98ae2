import type { DecodedValue, OpaqueValue } from './types.js';

/** A `module.name` global the pickle referenced (a class or function); recorded, never imported. */
export class PickleGlobal implements OpaqueValue {
  constructor(readonly $opaque: string) {}
}

/**
 * An object the pickle asked to construct (REDUCE, NEWOBJ, INST, OBJ) by calling a global.
 * Its `state` collects the constructor arguments, BUILD's state and any list/dict items, as
 * data: nothing is ever called.
 */
export class PickleInstance implements OpaqueValue {
  state?: { [key: string]: DecodedValue };
  constructor(
    readonly $opaque: string,
    args: DecodedValue[],
    kwargs?: DecodedValue,
  ) {
    if (args.length > 0 || kwargs !== undefined) this.state = kwargs === undefined ? { args } : { args, kwargs };
  }

  build(state: DecodedValue): void {
    if (this.state === undefined && isDict(state)) this.state = state;
    else (this.state ??= {}).state = state;
  }

  listItems(): DecodedValue[] {
    const state = (this.state ??= {});
    const items = state['listitems'];
    if (Array.isArray(items)) return items;
    return (state['listitems'] = []);
  }

  dictItems(): Record<string, DecodedValue> {
    const state = (this.state ??= {});
    const items = state['dictitems'];
    if (isDict(items)) return items;
    return (state['dictitems'] = {});
  }
}

/** A plain decoded dict (not a list, bytes, or one of the opaque classes above). */
export function isDict(value: unknown): value is Record<string, DecodedValue> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
