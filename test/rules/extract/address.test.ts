import { describe, expect, it } from "vitest";
import { extractAddress, extractZip } from "../../../src/rules/extract/address";

// [reply, address found (or null), ZIP found (or null)]
const REPLIES: [string, string | null, string | null][] = [
  ["1204 Oak St", "1204 Oak St", null],
  ["It's at 1204 W. Oak St Apt 3, Austin TX 78701, thanks", "1204 W. Oak St Apt 3, Austin TX 78701", "78701"],
  ["12 Main Street", "12 Main Street", null],
  ["88 north maple ave unit 2", "88 north maple ave unit 2", null],
  ["we're at 450 Elm Rd.", "450 Elm Rd", null],
  ["3300 Lake Shore Dr, Chicago, IL 60657", "3300 Lake Shore Dr, Chicago, IL 60657", "60657"],
  ["address is 7 Birch Ln #4", "7 Birch Ln #4", null],
  ["221B Baker Street please", "221B Baker Street", null],
  ["19 5th Ave, New York NY 10011", "19 5th Ave, New York NY 10011", "10011"],
  ["500 E Martin Luther King Jr Blvd", "500 E Martin Luther King Jr Blvd", null],
  ["1600 Pennsylvania Avenue NW, Washington, DC 20500", "1600 Pennsylvania Avenue NW, Washington, DC 20500", "20500"],
  ["2 Sunset Cir", "2 Sunset Cir", null],
  ["The house is 901 Cedar Ct in Round Rock", "901 Cedar Ct", null],
  ["4410 Shoal Creek Blvd suite 200", "4410 Shoal Creek Blvd suite 200", null],
  ["10 Downing Way 78745", "10 Downing Way 78745", "78745"],
  ["Zip is 94110", null, "94110"],
  ["we're in 78704, near the park", null, "78704"],
  ["My zip code: 30301-1234", null, "30301"],
  ["Austin 78701", null, "78701"],
  ["in the 02139 area", null, "02139"],
  // traps
  ["call me at 512-555-0147", null, null],
  ["my cell is 5125550147", null, null],
  ["(512) 555 0147", null, null],
  ["5 stars, great service last time", null, null],
  ["I have 2 dogs and 3 cats", null, null],
  ["it leaks 3 times a day", null, null],
  ["apt 12345 is upstairs", null, null],
  ["order #55123 never arrived", null, null],
  ["the quote was $12500", null, null],
  ["it's a 12000 btu unit", null, null],
  ["about 15000 gallons", null, null],
  ["model 40123-B heater", null, null],
  ["since 2019 no problems", null, null],
  ["we have 2 bathrooms upstairs", null, null],
  ["Water heater is 12 years old", null, null],
  ["Can you come at 3?", null, null],
  ["The leak is on the 2nd floor", null, null],
  ["PO Box 77001", null, null],
  ["invoice 48213 was wrong", null, null],
  ["3 bed 2 bath", null, null],
  ["1st street is closed, come by 9", null, null],
  ["my account number is 90210", null, null],
];

describe("extractAddress and extractZip", () => {
  it.each(REPLIES)("%j → address %j, ZIP %j", (reply, address, zip) => {
    expect(extractAddress(reply)).toBe(address);
    expect(extractZip(reply)).toBe(zip);
  });

  it("has a table of at least 40 replies, traps included", () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(40);
  });
});
