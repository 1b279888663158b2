/**
 * Our requests to Bandwidth's Messaging API against its published OpenAPI (`bandwidth.yml`, shipped in
 * the `bandwidth-sdk` package): the body sendText posts is a valid `messageRequest`, and the enums our
 * callback handling reads are the spec's, and the token URL every environment is given is the spec's
 * OAuth 2.0 client-credentials one. Under Node to read the package's file.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { bandwidthMessageRequest, bandwidthMessageStatus } from "../../src/carriers/bandwidth";
import type { RecordAttributes } from "bandwidth-sdk/dist/models/bxml/verbs/Record";
import { bandwidthCauseStatus, bandwidthMachineResult, bxmlVerbs } from "../../src/carriers/bandwidth-calls";

type Schema = { $ref?: string; type?: string; required?: string[]; properties?: Record<string, Schema>; items?: Schema; maxLength?: number; uniqueItems?: boolean; enum?: unknown[]; description?: string };

const require = createRequire(import.meta.url);
const specPath = path.join(path.dirname(require.resolve("bandwidth-sdk/package.json")), "bandwidth.yml");
const spec = yaml.load(readFileSync(specPath, "utf8")) as {
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { flows?: { clientCredentials?: { tokenUrl: string } } }> };
};
const resolve = (s: Schema): Schema => (s.$ref ? resolve(spec.components.schemas[s.$ref.split("/").at(-1)!]!) : s);

/** The parts of JSON Schema bandwidth.yml uses for request bodies; a problem per path. */
function problems(value: unknown, schema: Schema, at = "body"): string[] {
  const s = resolve(schema);
  const out: string[] = [];
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: not one of ${s.enum.join(", ")}`);
  if (s.type === "string") {
    if (typeof value !== "string") return [`${at}: not a string`];
    if (s.maxLength !== undefined && value.length > s.maxLength) out.push(`${at}: longer than ${s.maxLength}`);
  }
  if (s.type === "array") {
    if (!Array.isArray(value)) return [`${at}: not an array`];
    if (s.uniqueItems && new Set(value).size !== value.length) out.push(`${at}: items not unique`);
    value.forEach((v, i) => out.push(...problems(v, s.items ?? {}, `${at}[${i}]`)));
  }
  if (s.type === "object" || s.properties) {
    if (typeof value !== "object" || value === null) return [`${at}: not an object`];
    const o = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) out.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(o)) {
      const p = s.properties?.[k];
      if (!p) out.push(`${at}.${k}: not in the schema`);
      else out.push(...problems(v, p, `${at}.${k}`));
    }
  }
  return out;
}

const schemas = spec.components.schemas;
const creds = {
  accountId: "9900000",
  applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
  clientId: "client-id",
  clientSecret: "client-secret",
  callbackUsername: "cb",
  callbackPassword: "callback-password",
};

describe("sendText's body against bandwidth.yml's messageRequest", () => {
  it("is valid for a text back", () => {
    const body = bandwidthMessageRequest(creds, { from: "+15122345683", to: "+14155550100", body: "Hi, this is Acme Plumbing. Sorry we missed your call. Reply STOP to opt out." });
    expect(problems(body, schemas.messageRequest!)).toEqual([]);
  });

  it("the checker is not blind: a body without applicationId or with `to` as a string is refused", () => {
    const body = bandwidthMessageRequest(creds, { from: "+15122345683", to: "+14155550100", body: "x" });
    const { applicationId: _, ...missing } = body;
    expect(problems(missing, schemas.messageRequest!)).toEqual(["body.applicationId: required"]);
    expect(problems({ ...body, to: "+14155550100" }, schemas.messageRequest!)).toEqual(["body.to: not an array"]);
    expect(problems({ ...body, text: "x".repeat(2049) }, schemas.messageRequest!)).toEqual(["body.text: longer than 2048"]);
  });
});

describe("the callback values we read are the spec's", () => {
  it("every status callback type has a status, and none else does", () => {
    const types = resolve(schemas.statusCallbackTypeEnum!).enum as string[];
    expect(types.map((t) => [t, bandwidthMessageStatus(t)])).toEqual([
      ["message-sending", "sending"],
      ["message-sent", "sent"],
      ["message-delivered", "delivered"],
      ["message-failed", "failed"],
      ["message-read", "read"],
    ]);
    for (const t of resolve(schemas.inboundCallbackTypeEnum!).enum as string[]) expect(bandwidthMessageStatus(t)).toBeNull();
  });

  it("every disconnect cause the spec lists is mapped (an error cause is a failed call)", () => {
    const causes = /- (.*)\.$/.exec(resolve(schemas.cause!).description!.replace(/\s+/g, " "))?.[0] ?? resolve(schemas.cause!).description!;
    const listed = causes.replace(/^.*- /, "").replace(/, or /, ", ").replace(/\.$/, "").split(", ").map((s) => s.trim());
    expect(listed).toEqual(["hangup", "busy", "timeout", "cancel", "rejected", "callback-error", "invalid-bxml", "application-error", "account-limit", "node-capacity-exceeded", "error", "unknown"]);
    expect(Object.fromEntries(listed.map((c) => [c, bandwidthCauseStatus(c)]))).toEqual({
      hangup: "completed",
      busy: "busy",
      timeout: "no-answer",
      cancel: "canceled",
      rejected: "busy",
      "callback-error": "failed",
      "invalid-bxml": "failed",
      "application-error": "failed",
      "account-limit": "failed",
      "node-capacity-exceeded": "failed",
      error: "failed",
      unknown: "failed",
    });
  });

  it("machine detection results: the spec's values", () => {
    const values = resolve(schemas.machineDetectionResult!).properties!.value!.description!;
    for (const v of ["answering-machine", "human", "silence", "timeout", "error"]) expect(values).toContain(v);
    expect(["answering-machine", "human", "silence", "timeout", "error"].map(bandwidthMachineResult)).toEqual(["machine_start", null, null, null, null]);
  });
});

describe("voicemail against the SDK and the spec", () => {
  // Every attribute the SDK's <Record> takes, checked against its type both ways by the compiler.
  const RECORD_ATTRIBUTES: Record<keyof RecordAttributes, true> = {
    recordCompleteUrl: true,
    recordCompleteMethod: true,
    recordCompleteFallbackUrl: true,
    recordCompleteFallbackMethod: true,
    recordingAvailableUrl: true,
    recordingAvailableMethod: true,
    transcribe: true,
    transcriptionAvailableUrl: true,
    transcriptionAvailableMethod: true,
    username: true,
    password: true,
    fallbackUsername: true,
    fallbackPassword: true,
    tag: true,
    terminatingDigits: true,
    maxDuration: true,
    silenceTimeout: true,
    fileFormat: true,
  };

  it("our <Record> uses only attributes Bandwidth's <Record> has", () => {
    const xml = bxmlVerbs.record({ recordUrl: "https://t.example/a", transcriptionUrl: "https://t.example/b", username: "cb", password: "pw", maxDurationSeconds: 120 });
    const names = [...xml.matchAll(/ ([A-Za-z]+)="/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter((n) => !(n in RECORD_ATTRIBUTES))).toEqual([]);
  });

  it("transcriptionAvailable carries the fields the voicemail route reads", () => {
    const fields = Object.keys(resolve(schemas.transcriptionAvailableCallback!).properties!);
    for (const f of ["eventType", "callId", "recordingId", "from", "to", "transcription"]) expect(fields).toContain(f);
    expect(resolve(schemas.recordingTranscriptions!).properties!.transcripts!.items!.$ref).toMatch(/transcription$/);
    expect(Object.keys(resolve(schemas.transcription!).properties!)).toContain("text");
  });
});

describe("the OAuth 2.0 token URL", () => {
  it("is bandwidth.yml's client-credentials tokenUrl in every environment of wrangler.toml", () => {
    const toml = readFileSync(path.join(import.meta.dirname, "../../wrangler.toml"), "utf8");
    const set = [...toml.matchAll(/^BANDWIDTH_TOKEN_URL = "([^"]+)"/gm)].map((m) => m[1]);
    expect(set).toEqual(Array(3).fill(spec.components.securitySchemes.OAuth2!.flows!.clientCredentials!.tokenUrl));
  });
});
