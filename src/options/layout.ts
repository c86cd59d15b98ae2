import { option } from './option-spec.js';
import { collect, parseList } from './parsers.js';

/**
 * `--layout TEMPLATE` (repeatable) with `--layout-user` / `--layout-meta` for every layout given:
 * the same three flags on scan, inspect and clean (`cli/layout-options.ts` turns them into layout
 * specs). A check config names them per layout, in a scan's `layouts`.
 */
export const LAYOUT_SPEC = {
  layout: option<string[]>({
    flags: '--layout <template>',
    help: "a custom session layer's key layout, repeatable: session_{id}, or a probe's storeKeys such as session_{md5(token)} (its keys count as sessions, and clean may act on them)",
    parse: collect,
  }),
  layoutUser: option<string[]>({
    flags: '--layout-user <keys>',
    help: 'payload keys that identify a user in --layout sessions (comma list, dotted paths allowed), e.g. user_id,owner.id',
    parse: parseList,
  }),
  layoutMeta: option<string[]>({
    flags: '--layout-meta <keys>',
    help: 'payload keys the layer writes itself, not user data (comma list), e.g. identifier,created',
    parse: parseList,
  }),
};
