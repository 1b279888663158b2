/**
 * The simulator page's labels for a business of the user's own: texts to the owner's phone they
 * answered from are "to the owner" (not "to the caller"), so a trial of a business other than the
 * demo reads its own owner's texts as the demo's read.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, startSimulator, type Simulator } from "../../scripts/simulator.mjs";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+17202345699";
const DEMO_OWNER = "+13122345699";
const DAVE = "+17202345601";
const CALLER = "+17203217788";
let sim: Simulator;
/** A worker that takes every webhook and answers empty TwiML: the page's labels are the simulator's own. */
let worker: Server;

beforeAll(async () => {
  worker = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end("<Response/>"));
  });
  await new Promise<void>((resolve) => worker.listen(0, "127.0.0.1", resolve));
  const workerUrl = `http://127.0.0.1:${(worker.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0, accounts: [ACCOUNT], businessNumbers: [NUMBER], ownerPhone: DEMO_OWNER, workerUrl });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => worker?.close(resolve));
});

const form = (name: string, fields: Record<string, string>) =>
  fetch(`${sim.url}/_sim/form/${name}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

/** A text the business sends through the simulator's Messages API, as the worker does. */
const businessTexts = (to: string, body: string) =>
  fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`)}` },
    body: new URLSearchParams({ From: NUMBER, To: to, Body: body }),
  });

describe("the simulator page's owners", () => {
  it("labels texts to a phone the page answered from as the owner's, not a caller's", async () => {
    expect((await form("caller", { from: CALLER, to: NUMBER, body: "locked out" })).status).toBe(303);
    expect((await form("owner", { from: DAVE, to: NUMBER, caller: CALLER, body: "On my way" })).status).toBe(303);
    expect((await businessTexts(DAVE, "Textback: Sarah (720) 321-7788 replied")).status).toBe(201);
    expect((await businessTexts(CALLER, "On my way")).status).toBe(201);

    const { owners, callers } = (await (await fetch(`${sim.url}/_sim/messages`)).json()) as { owners: string[]; callers: string[] };
    expect(owners).toEqual([DEMO_OWNER, DAVE]);
    expect(callers).toEqual([CALLER]);
    const html = await (await fetch(sim.url)).text();
    expect(html).toContain(`<b>to the owner</b> ${DAVE}`);
    expect(html).toContain(`<b>to the caller</b> ${CALLER}`);
  });
});
