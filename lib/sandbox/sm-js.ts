// The sandbox's stand-in for SALESmanago's /static/sm.js (product.md, "The sandbox"). The monitoring code
// (lib/salesmanago/monitoring-code.ts) sets window._smid, window.SalesmanagoObject = 'sm' and a queueing
// window.sm stub; this script takes over from the stub and reports the page visit once, so the console can
// show "installation detected". It is plain ES5 because it runs on whatever browser the shop's visitors use.
//
// Unlike a real account, the sandbox treats every visitor as a known contact: the visit answer names a
// contact and the script keeps it in the smclient cookie, as SALESmanago's sm.js does for identified
// visitors. That lets a shop page's event snippets be tried end to end without a form or an email click.

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
  var known = /(?:^|;\\s*)smclient=([^;]+)/.exec(String((d && d.cookie) || ''));
  var body = JSON.stringify({
    clientId: clientId,
    url: String(loc.href || ''),
    referrer: String((d && d.referrer) || ''),
    title: String((d && d.title) || ''),
    commands: drained,
    smclient: known ? decodeURIComponent(known[1]) : ''
  });
  function remember(contactId) {
    if (!known && d && typeof contactId === 'string' && /^[0-9a-f-]{36}$/i.test(contactId)) {
      d.cookie = 'smclient=' + contactId + '; path=/; max-age=315360000; SameSite=Lax';
    }
  }
  if (typeof w.fetch === 'function') {
    try {
      /* text/plain keeps this a "simple" request (no preflight); the sandbox allows any origin to read it. */
      var pending = w.fetch(visitUrl, {
        method: 'POST',
        keepalive: true,
        mode: 'cors',
        credentials: 'omit',
        headers: { 'content-type': 'text/plain' },
        body: body
      });
      if (pending && typeof pending.then === 'function') {
        pending
          .then(function (res) {
            return res && res.ok && typeof res.json === 'function' ? res.json() : null;
          })
          .then(function (answer) {
            if (answer) remember(answer.contactId);
          })
          ['catch'](function () {});
      }
      return;
    } catch (e) {
      /* fall through to the beacon */
    }
  }
  try {
    /* No fetch: sendBeacon still reports the visit (without an answer to read). */
    if (n && typeof n.sendBeacon === 'function') n.sendBeacon(visitUrl, body);
  } catch (e) {
    /* a failed report must never break the shop's page */
  }
})(window, typeof document === 'undefined' ? undefined : document, typeof navigator === 'undefined' ? undefined : navigator);
`;
}
