// "Did you mean": the known names nearest to one that does not exist. Pure and deterministic,
// so workflows (the field guard), activities and the job service (name checks at start) share it.

/** Up to `max` known names nearest to `name` (same view first), if any are reasonably near. */
export function closestNames(name: string, known: string[], max = 2): string[] {
  const [view] = name.split('.');
  const target = name.toLowerCase();
  return known
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      let score = editDistance(target, lower);
      if (lower.includes(target.split('.').pop() ?? '') || target.includes(lower.split('.').pop() ?? '')) score -= 3;
      if (candidate.split('.')[0] !== view) score += 2;
      return { candidate, score };
    })
    .filter(({ score }) => score <= Math.max(4, Math.floor(name.length / 2)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
