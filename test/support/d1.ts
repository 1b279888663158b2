/** A D1 binding that records every statement prepared through it, for tests that count or explain them. */
export interface Issued {
  sql: string;
  params: unknown[];
}

/** `db` with every statement prepared through it recorded (SQL and bound parameters). */
export function recording(db: D1Database, log: Issued[]): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          const stmt = target.prepare(sql);
          const entry: Issued = { sql, params: [] };
          log.push(entry);
          return new Proxy(stmt, {
            get(s, p) {
              if (p === "bind") {
                return (...args: unknown[]) => {
                  entry.params = args;
                  return s.bind(...args);
                };
              }
              const v = Reflect.get(s, p, s);
              return typeof v === "function" ? v.bind(s) : v;
            },
          });
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

