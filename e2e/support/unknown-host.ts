/**
 * An endpoint host that never resolves: the ".invalid" top-level domain is reserved for exactly that
 * (RFC 2606), so a delivery to it fails on DNS whether or not the machine has a network. The e2e server
 * allows it as an endpoint through ALLOWED_ENDPOINT_HOSTS (playwright.config.ts).
 */
export const UNKNOWN_HOST = 'unknown-host.invalid';
