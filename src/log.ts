/**
 * Structured one-line JSON logs. Callers pass ids and codes, never secrets or message bodies:
 * there is deliberately no field for them.
 */
type Fields = Record<string, string | number | boolean | null | undefined> & {
  // The line's own keys: a field of the same name would overwrite them.
  level?: never;
  event?: never;
};

function emit(level: "info" | "warn" | "error", event: string, fields: Fields) {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  info: (event: string, fields: Fields = {}) => emit("info", event, fields),
  warn: (event: string, fields: Fields = {}) => emit("warn", event, fields),
  error: (event: string, fields: Fields = {}) => emit("error", event, fields),
};
