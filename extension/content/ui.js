// What the badge and the toast share: elements whose words are never text nodes. Each
// shows its `data-text` through CSS generated content (`[data-text]::before`), which
// screen readers read but which a page's `window.find()`, selection and copy cannot reach
// (a closed shadow root alone does not hide text from `window.find`).

/** The style both share: words from `data-text`, round buttons that never wrap. */
export const BASE =
  '[data-text]::before{content:attr(data-text)}button{font:inherit;cursor:pointer;border:1px solid;border-radius:999px;white-space:nowrap}button:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}';

/** An element; its `text` shown by the style sheet's generated content (see above). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.setAttribute('data-text', text);
  return node;
}

/** A button that acts only on the user's own click or key (trusted), never a script's. */
export function actionButton(label, action, className = 'act') {
  const button = el('button', className, label);
  button.type = 'button';
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    if (event.isTrusted) action();
  });
  return button;
}

/** A host element with a closed shadow root holding `css`: { host, root }. */
export function shadowHost(attribute, css) {
  const host = document.createElement('span');
  host.setAttribute(attribute, '');
  const root = host.attachShadow({ mode: 'closed' });
  const style = el('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}
