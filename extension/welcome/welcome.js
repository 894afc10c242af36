// The welcome page, opened once when the extension is installed (background/welcome.js):
// what it does, how to pin it, and a way to track the first person (the popup's page
// with its quick form open). It reads and sends nothing.
import { localize } from '../shared/i18n.js';

localize();
document.body.dataset.ready = 'true';
