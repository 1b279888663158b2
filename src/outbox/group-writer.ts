/**
 * Group commit: statements handed in while a write is in flight go out together in the next
 * `batch()`, so sends that finish together cost one D1 round trip, and a slow carrier answer for one
 * message never holds back the record (and ack) of another.
 */
export function groupWriter(d1: D1Database): (stmts: D1PreparedStatement[]) => Promise<D1Result[]> {
  let waiting: { stmts: D1PreparedStatement[]; done: (e: unknown, results?: D1Result[]) => void }[] = [];
  let running: Promise<void> | null = null;
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      try {
        const results = await d1.batch(group.flatMap((w) => w.stmts));
        let at = 0;
        for (const w of group) {
          w.done(undefined, results.slice(at, at + w.stmts.length));
          at += w.stmts.length;
        }
      } catch (e) {
        for (const w of group) w.done(e);
      }
    }
    running = null;
  };
  return (stmts) =>
    new Promise<D1Result[]>((resolve, reject) => {
      waiting.push({ stmts, done: (e, results) => (results ? resolve(results) : reject(e)) });
      running ??= Promise.resolve().then(flush);
    });
}
