/**
 * `total` VISIT events posted to a website collector's URL from `origin`, 100 at a time as a busy shop's
 * visitors would, each described `<marker>-<i>` so the sandbox's copies can be counted. Returns the
 * answers that were not 202 (none, when every event was accepted).
 */
export async function postVisits(
  collectorUrl: string,
  opts: { total: number; origin: string; email: (i: number) => string; marker: string },
): Promise<number[]> {
  const refused: number[] = [];
  for (let start = 0; start < opts.total; start += 100) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(100, opts.total - start) }, (_, k) =>
        fetch(collectorUrl, {
          method: 'POST',
          headers: { origin: opts.origin, 'content-type': 'text/plain' },
          body: JSON.stringify({
            type: 'VISIT',
            email: opts.email(start + k),
            description: `${opts.marker}-${start + k}`,
          }),
        }).then((r) => r.status),
      ),
    );
    refused.push(...answers.filter((s) => s !== 202));
  }
  return refused;
}
