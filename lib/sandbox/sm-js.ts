// The sandbox's stand-in for SALESmanago's /static/sm.js (product.md, "The sandbox"). The monitoring code
// (lib/salesmanago/monitoring-code.ts) sets window._smid, window.SalesmanagoObject = 'sm' and a queueing
// window.sm stub; this script takes over from the stub and reports the page visit once, so the console can
// show "installation detected". It is plain ES5 because it runs on whatever browser the shop's visitors use.

/** A JS string literal safe anywhere, including inside an inline `<script>` (no `</script>` can form). */
function jsLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The sm.js body for a sandbox at `sandboxBaseUrl` (e.g. `http://localhost:3000/sandbox`); visits are
 * reported to `${sandboxBaseUrl}/visit`.
 */
export function renderSandboxSmJs(sandboxBaseUrl: string): string {
  if (typeof sandboxBaseUrl !== 'string' || sandboxBaseUrl.trim() === '') {
    throw new TypeError('The sandbox base URL must be a non-empty string.');
  }
  const visitUrl = `${sandboxBaseUrl.trim().replace(/\/+$/, '')}/visit`;
  return `/* SALESmanago sandbox sm.js: records sm() calls and reports the page visit. Not SALESmanago's code. */
(function (w, d, n) {
  'use strict';
  /* Loaded twice (two monitoring codes on one page): the first copy already reported the visit. */
  if (w.__sandboxSm) return;
  var visitUrl = ${jsLiteral(visitUrl)};
  var name = w.SalesmanagoObject || 'sm';
  var clientId = w._smid == null ? '' : String(w._smid);
  var calls = [];
  var stub = w[name];
  var queued = (stub && stub.q) || [];
  function record(args) {
    calls.push(Array.prototype.slice.call(args));
  }
  /* Drain in order before taking over, so calls made while sm.js loaded keep their place. */
  for (var i = 0; i < queued.length; i++) record(queued[i]);
  var drained = calls.length;
  w[name] = function () {
    record(arguments);
  };
  w.__sandboxSm = { version: 1, clientId: clientId, calls: calls };

  var loc = w.location || {};
  var body = JSON.stringify({
    clientId: clientId,
    url: String(loc.href || ''),
    referrer: String((d && d.referrer) || ''),
    title: String((d && d.title) || ''),
    commands: drained
  });
  try {
    /* sendBeacon survives the visitor leaving the page; false means the browser did not queue it. */
    if (n && typeof n.sendBeacon === 'function' && n.sendBeacon(visitUrl, body)) return;
  } catch (e) {
    /* fall through to fetch */
  }
  if (typeof w.fetch === 'function') {
    try {
      /* text/plain and no-cors keep this a "simple" request: no CORS preflight to the console. */
      var pending = w.fetch(visitUrl, {
        method: 'POST',
        keepalive: true,
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: body
      });
      if (pending && typeof pending['catch'] === 'function') pending['catch'](function () {});
    } catch (e) {
      /* a failed report must never break the shop's page */
    }
  }
})(window, typeof document === 'undefined' ? undefined : document, typeof navigator === 'undefined' ? undefined : navigator);
`;
}
