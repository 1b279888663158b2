/**
 * The booking providers' signature schemes and payload readers, pure: vectors computed outside
 * this code (Python's hmac), and the documented payloads in test/fixtures/bookings/ read as notices.
 */
import { describe, expect, it } from "vitest";
import { readCalcom } from "../src/bookings/calcom";
import { readCalendly } from "../src/bookings/calendly";
import { readGeneric } from "../src/bookings/generic";
import { codesIn } from "../src/bookings/notice";
import { CALENDLY_TOLERANCE_SECONDS, verifyCalcom, verifyCalendly } from "../src/crypto/booking-signatures";
import calcomCreated from "./fixtures/bookings/calcom-booking-created.json";
import calcomRescheduled from "./fixtures/bookings/calcom-booking-rescheduled.json";
import calcomCancelled from "./fixtures/bookings/calcom-booking-cancelled.json";
import calendlyCreated from "./fixtures/bookings/calendly-invitee-created.json";
import calendlyCanceledRescheduled from "./fixtures/bookings/calendly-invitee-canceled-rescheduled.json";
import calendlyCreatedRescheduled from "./fixtures/bookings/calendly-invitee-created-rescheduled.json";
import calendlyCanceled from "./fixtures/bookings/calendly-invitee-canceled.json";

describe("Cal.com's X-Cal-Signature-256", () => {
  const body = '{"triggerEvent":"PING"}';
  const mac = "dc6dcbb8e0399685b6ce3f610ac50e08058e508267b7518d650b6431514c15b3";
  it("accepts the HMAC of the raw body", async () => expect(await verifyCalcom("calcom-secret", mac, body)).toBe(true));
  it("refuses another key, another body, a malformed or missing header", async () => {
    expect(await verifyCalcom("other-secret", mac, body)).toBe(false);
    expect(await verifyCalcom("calcom-secret", mac, `${body} `)).toBe(false);
    expect(await verifyCalcom("calcom-secret", `sha256=${mac}`, body)).toBe(false);
    expect(await verifyCalcom("calcom-secret", undefined, body)).toBe(false);
  });
});

describe("Calendly-Webhook-Signature", () => {
  const body = '{"event":"invitee.created"}';
  const t = 1796600000;
  const header = `t=${t},v1=2a6f2d63b2a92efc86c79d6c22148c781022ca27349d79a3b5656f95ace46205`;
  it("accepts the HMAC of '<t>.<body>' within 180 s either way", async () => {
    expect(await verifyCalendly("calendly-key", header, body, t)).toBe(true);
    expect(await verifyCalendly("calendly-key", header, body, t + CALENDLY_TOLERANCE_SECONDS)).toBe(true);
    expect(await verifyCalendly("calendly-key", header, body, t - CALENDLY_TOLERANCE_SECONDS)).toBe(true);
  });
  it("refuses it stale, with another key or body, or malformed", async () => {
    expect(await verifyCalendly("calendly-key", header, body, t + CALENDLY_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(await verifyCalendly("other-key", header, body, t)).toBe(false);
    expect(await verifyCalendly("calendly-key", header, `${body} `, t)).toBe(false);
    expect(await verifyCalendly("calendly-key", header.replace(`t=${t}`, `t=${t + 1}`), body, t)).toBe(false);
    expect(await verifyCalendly("calendly-key", "v1=abc", body, t)).toBe(false);
  });
});

describe("reading the documented payloads", () => {
  const withCode = (body: any, code: string) => {
    const b = JSON.parse(JSON.stringify(body));
    if (b.payload.responses) b.payload.responses.tb.value = code;
    if (b.payload.tracking) b.payload.tracking.utm_content = code;
    return b;
  };

  it("Cal.com: created, rescheduled (naming the booking it replaces) and cancelled", () => {
    expect(readCalcom(withCode(calcomCreated, "a1B2c3D4e5F6"))).toMatchObject({
      action: "booked",
      deliveryKey: "BOOKING_CREATED:bFJeNb2uX8ANpT3JL5EfXw",
      externalId: "bFJeNb2uX8ANpT3JL5EfXw",
      startsAt: Date.parse("2026-12-09T16:00:00Z"),
      codes: ["a1B2c3D4e5F6"],
      phones: ["+14155550100"],
      name: "Jordan Lee",
      email: "jordan@example.com",
    });
    expect(readCalcom(calcomRescheduled)).toMatchObject({ action: "rescheduled", externalId: "hR7wq2LcX1TmZ9pVb3KdNe", previousExternalId: "bFJeNb2uX8ANpT3JL5EfXw", startsAt: Date.parse("2026-12-10T18:00:00Z") });
    expect(readCalcom(calcomCancelled)).toMatchObject({ action: "canceled", deliveryKey: "BOOKING_CANCELLED:bFJeNb2uX8ANpT3JL5EfXw" });
    expect(readCalcom({ triggerEvent: "PING", createdAt: "2026-12-07T15:30:00Z", payload: {} })).toMatchObject({ action: "ignored" });
  });

  it("Calendly: created; a reschedule's cancel half ignored and its created half naming the old invitee; a plain cancel", () => {
    expect(readCalendly(withCode(calendlyCreated, "a1B2c3D4e5F6"))).toMatchObject({
      action: "booked",
      externalId: calendlyCreated.payload.uri,
      startsAt: Date.parse("2026-12-09T16:00:00Z"),
      codes: ["a1B2c3D4e5F6"],
      phones: ["+1 415 555 0100"],
    });
    expect(readCalendly(calendlyCanceledRescheduled)).toMatchObject({ action: "ignored" });
    expect(readCalendly(calendlyCreatedRescheduled)).toMatchObject({ action: "rescheduled", previousExternalId: calendlyCreated.payload.uri, startsAt: Date.parse("2026-12-10T18:00:00Z") });
    expect(readCalendly(calendlyCanceled)).toMatchObject({ action: "canceled", deliveryKey: `invitee.canceled:${calendlyCreated.payload.uri}` });
  });

  it("the generic body, and a 400 naming the field when it is not that shape", () => {
    expect(readGeneric({ ref: "a1B2c3D4e5F6", startsAt: "2026-12-09T10:00:00-06:00", status: "booked" })).toMatchObject({ codes: ["a1B2c3D4e5F6"], startsAt: Date.parse("2026-12-09T16:00:00Z"), action: "booked" });
    expect(() => readGeneric({ startsAt: "2026-12-09T16:00:00Z", status: "booked" })).toThrow(/ref/);
    expect(() => readGeneric({ ref: "x", startsAt: "tomorrow", status: "booked" })).toThrow(/startsAt/);
    expect(() => readGeneric({ ref: "x", startsAt: "2026-12-09T16:00:00Z", status: "maybe" })).toThrow(/status/);
  });

  it("finds our code as a value or as tb= inside one, and nothing in a plain name", () => {
    expect(codesIn(["a1B2c3D4e5F6", "https://acme.example/book?x=1&tb=Zz9Yy8Xx7Ww6", "Jordan Lee", null, 5])).toEqual(["a1B2c3D4e5F6", "Zz9Yy8Xx7Ww6"]);
  });
});
