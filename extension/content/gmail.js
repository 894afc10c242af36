// The content script on Gmail: its adapter (providers/gmail.js) started by main.js.
// build.sh bundles this entry with what it imports into one classic script, the one file
// the manifest injects into Gmail pages.
import { start } from './main.js';
import { gmail } from './providers/gmail.js';

start(gmail);
