/**
 * Where the monitoring code loads its scripts from, derived from the integration's endpoint
 * (a normalised URL such as `https://app2.salesmanago.pl` or `http://localhost:3000/sandbox`).
 */
import { isSalesmanagoHost } from '../endpoint';
import { jsStringLiteral } from './js-literal';

export type SmJsUrlForm = 'ternary' | 'literal';

export type SnippetEndpoint = {
  /** Scheme, host and path without a trailing slash: the prefix of every script URL. */
  base: string;
  /** `host[:port]`, lower case. */
  host: string;
  protocol: 'https:' | 'http:';
  /**
   * How the generated code writes the sm.js address. The legacy protocol ternary is what
   * SALESmanago's app and Magento module print, and it is correct only when the same file exists
   * at `http://` and `https://` on the bare host, i.e. SALESmanago's own servers. Anything else
   * (the http sandbox, a proxy with a port or path) gets the WordPress plugin's literal URL,
   * which is always exact. This is the safest reading of salesmanago.md §1.1/§1.3.
   */
  urlForm: SmJsUrlForm;
};

/** Throws a TypeError unless `endpoint` is an absolute http(s) URL without credentials, query or fragment. */
export function snippetEndpoint(endpoint: string): SnippetEndpoint {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(
      `The endpoint must be an absolute URL such as https://app2.salesmanago.pl (got ${JSON.stringify(endpoint)}).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('The endpoint must start with https:// or http://.');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('The endpoint must not contain a user name, password, query or fragment.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const urlForm: SmJsUrlForm =
    url.protocol === 'https:' && path === '' && url.port === '' && isSalesmanagoHost(url.hostname)
      ? 'ternary'
      : 'literal';
  return { base: `${url.origin}${path}`, host: url.host, protocol: url.protocol, urlForm };
}

/** The absolute address of sm.js for this endpoint, e.g. `https://app2.salesmanago.pl/static/sm.js`. */
export function smJsUrl(endpoint: string): string {
  return `${snippetEndpoint(endpoint).base}/static/sm.js`;
}

/** The pop-ups script address, e.g. `https://app2.salesmanago.pl/dynamic/{clientId}/popups.js`. */
export function popupsJsUrl(endpoint: string, clientId: string): string {
  return `${snippetEndpoint(endpoint).base}/dynamic/${encodeURIComponent(clientId)}/popups.js`;
}

/** The JavaScript expression passed to the loader as the sm.js address. */
export function smJsExpression(endpoint: string): string {
  const info = snippetEndpoint(endpoint);
  if (info.urlForm === 'ternary') {
    return `('https:' == document.location.protocol ? 'https://' : 'http://') + ${jsStringLiteral(`${info.host}/static/sm.js`, "'")}`;
  }
  return jsStringLiteral(`${info.base}/static/sm.js`, "'");
}
