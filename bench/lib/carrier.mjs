/**
 * In-process stand-in for Twilio's Messages API, for measuring: every `Messages.json` request is
 * timestamped (performance.now(), the clock the load generators use) the moment its headers arrive,
 * then answered 201 with a Twilio-shaped message. Basic auth is checked against the known accounts.
 * Unlike scripts/simulator.mjs it sends no status callbacks, so the worker sees only the load the
 * benchmark sends, and it keeps no per-request log line.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { basicAuth } from "../../scripts/simulator/http.mjs";
import { MESSAGES_PATH } from "../../scripts/simulator/twilio-api.mjs";

export async function startCarrier() {
  /** accountSid → authToken */
  const accounts = new Map();
  /** to → [receivedAt (performance.now ms)] */
  const texts = new Map();
  let total = 0;
  let refused = 0;

  const server = createServer((req, res) => {
    const at = performance.now();
    const m = MESSAGES_PATH.exec(req.url ?? "");
    if (!m || req.method !== "POST") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"code":20404,"message":"not found","status":404}');
      return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const { user, password } = basicAuth(req.headers.authorization) ?? {};
      if (!user || accounts.get(user) !== password || user !== m[1]) {
        refused++;
        res.writeHead(401, { "content-type": "application/json" }).end('{"code":20003,"message":"Authenticate","status":401}');
        return;
      }
      const to = form.get("To") ?? "";
      total++;
      const list = texts.get(to);
      if (list) list.push(at);
      else texts.set(to, [at]);
      const sid = `SM${randomBytes(16).toString("hex")}`;
      res.writeHead(201, { "content-type": "application/json" }).end(
        JSON.stringify({ sid, status: "queued", to, from: form.get("From"), account_sid: user, num_segments: "1" }),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    addAccount: (sid, token) => accounts.set(sid, token),
    /** Times the carrier received a text for `to`. */
    textsTo: (to) => texts.get(to) ?? [],
    get total() {
      return total;
    },
    get refused() {
      return refused;
    },
    reset() {
      texts.clear();
      total = 0;
      refused = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
