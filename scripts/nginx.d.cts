// The types of scripts/nginx.cjs, for the end-to-end suite's TypeScript (e2e/support/instances.ts).
export const NGINX_BIN: string;
export function nginxConfig(template: string, listenPort: number, upstreamPorts: number[]): string;
export function requestsByInstance(log: string, prefix: string): Record<number, number>;
export interface Nginx {
  url: string;
  dir: string;
  /** Requests whose path starts with `prefix`, counted by the instance port that answered them. */
  requestsByInstance(prefix: string): Record<number, number>;
  stop(): Promise<void>;
}
export function startNginx(opts: { port: number; upstreams: number[]; dir: string }): Promise<Nginx>;
