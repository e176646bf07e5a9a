/** `?dryRun=1`, `?dryRun=true`: a flag is on when present with any value but 0/false. */
export function flag(req: Request, name: string): boolean {
  const v = new URL(req.url).searchParams.get(name);
  return v !== null && v !== '0' && v.toLowerCase() !== 'false';
}
