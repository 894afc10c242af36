// The content script on Yahoo Mail: its adapter (providers/yahoo.js) started by main.js.
// build.sh bundles this entry with what it imports into one classic script, the one file
// the manifest injects into Yahoo Mail pages.
import { start } from './main.js';
import { yahoo } from './providers/yahoo.js';

start(yahoo);
