// The badge beside Send. Its host element is a public contract (tests and user styles
// rely on it): `<span data-too-soon data-level="…">`, with one of the engine's five
// levels. Everything inside lives in a closed shadow root, so the page can neither read
// nor restyle it, and only text nodes carry data (never markup).
(function (ns) {
  'use strict';

  const LEVELS = ['encouraged', 'ok', 'too_soon', 'stop', 'move_on'];

  const STYLE = `
    :host { all: initial; display: inline-flex; vertical-align: middle; margin: 0 8px; }
    .badge { display: inline-flex; align-items: center; gap: 6px; max-width: 38em;
      font: 500 12px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; padding: 4px 10px; border-radius: 999px;
      border: 1px solid; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: currentColor; flex: none; }
    .line { overflow: hidden; text-overflow: ellipsis; }
    .encouraged { color: #0b5d1e; background: #e6f4ea; border-color: #9fd3ad; }
    .ok { color: #174ea6; background: #e8f0fe; border-color: #a8c7fa; }
    .too_soon { color: #7a4100; background: #fef3e0; border-color: #f6c26b; }
    .stop { color: #8c1d18; background: #fce8e6; border-color: #f2a29c; }
    .move_on { color: #3c4043; background: #f1f3f4; border-color: #bdc1c6; }
    @media (prefers-color-scheme: dark) {
      .encouraged { color: #a8dab5; background: #0d3a1a; }
      .ok { color: #a8c7fa; background: #0b2a5c; }
      .too_soon { color: #fdd99b; background: #4a2a00; }
      .stop { color: #f6aea9; background: #5c1410; }
      .move_on { color: #dadce0; background: #303134; }
    }`;

  const parts = new WeakMap(); // host → elements inside its closed shadow root

  function create() {
    const host = document.createElement('span');
    host.setAttribute('data-too-soon', '');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const badge = document.createElement('span');
    badge.setAttribute('role', 'status');
    const dot = document.createElement('span');
    dot.className = 'dot';
    const line = document.createElement('span');
    line.className = 'line';
    badge.append(dot, line);
    root.append(style, badge);
    parts.set(host, { badge, line });
    return host;
  }

  ns.badge = {
    /** Shows `verdict` in `host` (made when absent); returns the host. */
    show(host, verdict) {
      const level = LEVELS.includes(verdict.level) ? verdict.level : 'ok';
      host ??= create();
      const { badge, line } = parts.get(host);
      host.setAttribute('data-level', level);
      badge.className = `badge ${level}`;
      line.textContent = verdict.headline;
      badge.title = verdict.headline;
      return host;
    },
  };
})(globalThis.TooSoon);
