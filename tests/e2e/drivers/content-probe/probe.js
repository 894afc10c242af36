// Tests only, never shipped: tests/e2e/safety.js adds this file to the content scripts of
// a copy of the built extension, so a test can act from the extension's own content-script
// world, as a webmail page that took over its process could. It answers the page's
// `postMessage({tooSoonContentProbe: {id, op, arg}})` with `{tooSoonContentProbeReply: id,
// result}`: `send` a runtime message, `set` storage.local, `read` storage.local (its key
// count), `session` storage.session (its keys), `sync-read` storage.sync (its keys),
// `sync-set` storage.sync; a refusal of the browser is `{failed: reason}`.
window.addEventListener('message', async (event) => {
  const request = event.data?.tooSoonContentProbe;
  if (event.source !== window || typeof request?.id !== 'string') return;
  const api = globalThis.browser ?? globalThis.chrome;
  let result;
  try {
    if (request.op === 'send') result = JSON.stringify((await api.runtime.sendMessage(request.arg)) ?? null);
    else if (request.op === 'set') result = (await api.storage.local.set(request.arg), 'written');
    else if (request.op === 'read') result = Object.keys(await api.storage.local.get(null)).length;
    else if (request.op === 'session') result = Object.keys(await api.storage.session.get(null));
    else if (request.op === 'sync-read') result = Object.keys(await api.storage.sync.get(null));
    else if (request.op === 'sync-set') result = (await api.storage.sync.set(request.arg), 'written');
  } catch (error) {
    result = { failed: String(error?.message ?? error) };
  }
  window.postMessage({ tooSoonContentProbeReply: request.id, result }, '*');
});
