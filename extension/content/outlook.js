// The content script on Outlook: its adapter (providers/outlook.js) started by main.js.
// build.sh bundles this entry with what it imports into one classic script, the one file
// the manifest injects into Outlook pages.
import { start } from './main.js';
import { outlook } from './providers/outlook.js';

start(outlook);
