// The end-to-end parts run after the core scenarios, in every browser, in this order.
// Each module's default export is `(ctx) => { it(...) ... }`, with `ctx.driver` and
// `ctx.popup` (see scenarios.js).
import compose from './compose.js';
import hostile from './hostile.js';
import popup from './popup.js';
import providers from './providers.js';
import replies from './replies.js';
import safety from './safety.js';
import story from './story.js';
import variants from './variants.js';
export const PARTS = [compose, hostile, popup, story, providers, replies, safety, variants];
