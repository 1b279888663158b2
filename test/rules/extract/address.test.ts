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

// Real-shaped US addresses: house numbers of one to six digits (five-digit ones are everywhere in
// Dallas, Houston, Phoenix…), ZIP+4, "TX 75240" without a comma, units, a ZIP alone. A house number
// is never the ZIP, and a ZIP cut short is none.
const ADDRESSES: [string, string | null, string | null][] = [
  ["14020 Noel Rd 75240", "14020 Noel Rd 75240", "75240"],
  ["10220 Walnut Hill Ln 7523", "10220 Walnut Hill Ln", null],
  ["10220 Walnut Hill Ln", "10220 Walnut Hill Ln", null],
  ["14020 Noel Rd", "14020 Noel Rd", null],
  ["14020 noel rd dallas tx 75240", "14020 noel rd", "75240"],
  ["14020 Noel Rd, Dallas, TX 75240", "14020 Noel Rd, Dallas, TX 75240", "75240"],
  ["14020 Noel Rd Dallas TX 75240-1234", "14020 Noel Rd Dallas TX 75240-1234", "75240"],
  ["12700 Park Central Dr Suite 10000 Dallas TX 75251", "12700 Park Central Dr Suite 10000 Dallas TX 75251", "75251"],
  ["12700 Park Central Dr Suite 10000", "12700 Park Central Dr Suite 10000", null],
  ["5910 N Central Expy, Dallas, TX 75206", "5910 N Central Expy, Dallas, TX 75206", "75206"],
  ["13350 N Dallas Pkwy Apt 2105 75240", "13350 N Dallas Pkwy Apt 2105 75240", "75240"],
  ["18111 Preston Rd #12345, 75252", "18111 Preston Rd #12345, 75252", "75252"],
  ["It's 11111 LBJ Fwy, Dallas TX 75243", "11111 LBJ Fwy, Dallas TX 75243", "75243"],
  ["we're at 10101 Harry Hines Blvd apt 10304, Dallas", "10101 Harry Hines Blvd apt 10304", null],
  ["12345 Highway 75 N", "12345 Highway 75 N", null],
  ["15555 FM 1960 Rd W, Houston TX 77090", "15555 FM 1960 Rd W, Houston TX 77090", "77090"],
  ["20110 County Road 121 75009", "20110 County Road 121 75009", "75009"],
  ["12000 Preston 75230", null, "75230"],
  ["12000 Preston", null, null],
  ["12000 N Central", null, null],
  ["14020B Noel Rd", "14020B Noel Rd", null],
  ["75240", null, "75240"],
  ["75240.", null, "75240"],
  ["we're in 75240", null, "75240"],
  ["zip 75240 and the house is 14020 Noel Rd", "14020 Noel Rd", "75240"],
  ["the roof at 14020 Noel Rd is leaking, zip 75240", "14020 Noel Rd", "75240"],
  ["Dallas TX 75240", null, "75240"],
  ["TX 75240", null, "75240"],
  ["75240 is the zip", null, "75240"],
  ["75240 area, near the Galleria", null, "75240"],
  ["3 Elm St 75201", "3 Elm St 75201", "75201"],
  ["42 Oak Ln, Plano TX 75024", "42 Oak Ln, Plano TX 75024", "75024"],
  ["801 Cherry St Unit 45, Fort Worth TX 76102", "801 Cherry St Unit 45, Fort Worth TX 76102", "76102"],
  ["4514 Cole Ave Ste 600 Dallas 75205", "4514 Cole Ave Ste 600 Dallas 75205", "75205"],
  ["123456 Desert Vista Rd, Phoenix AZ 85083", "123456 Desert Vista Rd, Phoenix AZ 85083", "85083"],
  ["25025 I-45 N, Spring, TX 77380", "25025 I-45 N, Spring, TX 77380", "77380"],
  ["33333 Ocean Ave apt 10000", "33333 Ocean Ave apt 10000", null],
  ["building 10000, 2200 Ross Ave 75201", "2200 Ross Ave 75201", "75201"],
  ["Lot 12345 at 500 Main St", "500 Main St", null],
  ["1 Main St, Dallas, TX 75201", "1 Main St, Dallas, TX 75201", "75201"],
  ["12 Oak St and the zip is 78701", "12 Oak St", "78701"],
  ["My zip is 75240, and we're at 14020 Noel Rd", "14020 Noel Rd", "75240"],
  ["Apt 210 75240", null, "75240"],
  ["2200 Ross Ave, Dallas 75201-1234", "2200 Ross Ave, Dallas 75201-1234", "75201"],
  ["1234 Elm St Garland 75040", "1234 Elm St Garland 75040", "75040"],
  ["6000 W Plano Pkwy, Plano, TX, 75093", "6000 W Plano Pkwy, Plano, TX, 75093", "75093"],
  ["17817 Davenport Rd Ste 10100 Dallas, TX 75252", "17817 Davenport Rd Ste 10100 Dallas, TX 75252", "75252"],
  ["12345 5th St", "12345 5th St", null],
  ["75240 please", null, "75240"],
  ["75240 thanks!", null, "75240"],
  // A city after the ZIP reads like a street after a house number: asked again, never guessed.
  ["75240 Dallas", null, null],
  ["gate code 12345, house is 3508 Gaston Ave 75246", "3508 Gaston Ave 75246", "75246"],
  ["insurance claim 45678 for the roof", null, null],
  ["claim # 10234", null, null],
];

describe("extractAddress and extractZip", () => {
  it.each(REPLIES)("%j → address %j, ZIP %j", (reply, address, zip) => {
    expect(extractAddress(reply)).toBe(address);
    expect(extractZip(reply)).toBe(zip);
  });

  it.each(ADDRESSES)("%j → address %j, ZIP %j (a house number is never the ZIP)", (reply, address, zip) => {
    expect(extractAddress(reply)).toBe(address);
    expect(extractZip(reply)).toBe(zip);
  });

  it("has a table of at least 40 replies, traps included", () => {
    expect(REPLIES.length).toBeGreaterThanOrEqual(40);
  });
});
