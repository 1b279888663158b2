import { describe, expect, it } from "vitest";
import { bookingChange } from "../../src/rules/bookings";

describe("what an event does to the booking we hold", () => {
  const held = { status: "booked" as const, startsAt: 1000 };
  it.each([
    ["booked", 1000, null, "open"],
    ["booked", 1000, held, "none"],
    ["rescheduled", 2000, held, "move"],
    ["canceled", null, held, "cancel"],
    ["canceled", null, { status: "canceled" as const, startsAt: 1000 }, "none"],
    ["booked", 1000, { status: "canceled" as const, startsAt: 1000 }, "reopen"],
    ["canceled", null, null, "ignore"],
    ["rescheduled", 2000, null, "open"],
  ] as const)("%s at %s with %o held: %s", (action, startsAt, h, change) => {
    expect(bookingChange(action, startsAt, h)).toBe(change);
  });
});
