// The content script on Proton Mail: its adapter (providers/proton.js) started by main.js.
// build.sh bundles this entry with what it imports into one classic script, the one file
// the manifest injects into Proton Mail pages.
import { start } from './main.js';
import { proton } from './providers/proton.js';

start(proton);
