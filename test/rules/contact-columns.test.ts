/** Which columns of other tools' exports a contacts import reads (src/rules/contact-columns.ts and contact-cells.ts), on their real header rows. */
import { describe, expect, it } from "vitest";
import { nameCell, phoneCells, phoneParts } from "../../src/rules/contact-cells";
import { AUTO_CHOICES, guessColumns, headerWords, mappingFor, mappingInWords, unreadColumns } from "../../src/rules/contact-columns";

const GOOGLE =
  "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value";
const GOOGLE_OLD =
  "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title";
const OUTLOOK =
  "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Personal Web Page,Spouse,Birthday,Anniversary,Notes";
const QUICKBOOKS = "Customer,Display Name,Company,Phone,Mobile,Fax,Email,Billing Address,Open Balance,Notes";
const QUICKBOOKS_ONLINE = "Customer full name,Phone numbers,Email,Full name,Bill address,Customer type,Open balance,Note";
const JOBBER =
  "Display Name,Company Name,Title,First Name,Last Name,Main Phone #s,Mobile Phone #s,Work Phone #s,Home Phone #s,Fax Phone #s,Other Phone #s,E-mail,Tags,Lead Source,Billing Street 1,Billing City,Billing State,Billing Zip code";
const HOUSECALL_PRO = "First Name,Last Name,Display Name,Mobile Number,Home Number,Work Number,Email,Company,Tags,Notes,Street,City,State,Zip,Customer Number";
const HAND_MADE = "Name, Phone Number, Notes";

const split = (header: string) => header.split(",").map((h) => h.trim());
const words = (header: string) => Object.fromEntries(mappingInWords(split(header), guessColumns(split(header))).map((w) => [w.field, w.from]));

describe("guessColumns on real exports' headers", () => {
  it.each([
    ["our own", "name,phone,tags,notes", { Name: "name", Phone: "phone", Tags: "tags", Notes: "notes" }],
    ["a hand-made sheet", HAND_MADE, { Name: "Name", Phone: "Phone Number", Tags: null, Notes: "Notes" }],
    [
      "Google Contacts",
      GOOGLE,
      { Name: "First Name + Middle Name + Last Name, else Organization Name", Phone: "Phone 1 - Value or Phone 2 - Value (the one labelled mobile, else the first valid)", Tags: "Labels", Notes: "Notes" },
    ],
    [
      "Google Contacts' older export",
      GOOGLE_OLD,
      { Name: "Name, else Given Name + Additional Name + Family Name, else Organization 1 - Name", Phone: "Phone 1 - Value or Phone 2 - Value (the one labelled mobile, else the first valid)", Tags: "Group Membership", Notes: "Notes" },
    ],
    [
      "Outlook",
      OUTLOOK,
      {
        Name: "First Name + Middle Name + Last Name, else Company",
        Phone: "Mobile Phone, else the first valid of Home Phone, Home Phone 2, Business Phone, Business Phone 2, Car Phone, Other Phone, Primary Phone, Company Main Phone or Radio Phone",
        Tags: null,
        Notes: "Notes",
      },
    ],
    ["QuickBooks Desktop", QUICKBOOKS, { Name: "Display Name, else Company", Phone: "Mobile, else Phone", Tags: null, Notes: "Notes" }],
    ["QuickBooks Online", QUICKBOOKS_ONLINE, { Name: "Customer full name", Phone: "Phone numbers", Tags: null, Notes: "Note" }],
    [
      "Jobber",
      JOBBER,
      { Name: "Display Name, else First Name + Last Name, else Company Name", Phone: "Mobile Phone #s, else the first valid of Main Phone #s, Work Phone #s, Home Phone #s or Other Phone #s", Tags: "Tags", Notes: null },
    ],
    ["a dental practice's patient export", "First Name,Last Name,Wireless Phone,Email", { Name: "First Name + Last Name", Phone: "Wireless Phone", Tags: null, Notes: null }],
    ["a practice's export with every phone", "Patient Name,Home Phone,Wireless,Work Phone", { Name: "Patient Name", Phone: "Wireless, else the first valid of Home Phone or Work Phone", Tags: null, Notes: null }],
    ["a practice's export by patient", "Patient,Patient First Name,Patient ID,Cell Phone", { Name: "Patient, else Patient First Name", Phone: "Cell Phone", Tags: null, Notes: null }],
    ["a sheet of cells", "Name,Cell,Cellular Number,Wireless Number", { Name: "Name", Phone: "Cell, else Cellular Number, else Wireless Number", Tags: null, Notes: null }],
    ["Housecall Pro", HOUSECALL_PRO, { Name: "Display Name, else First Name + Last Name, else Company", Phone: "Mobile Number, else the first valid of Home Number or Work Number", Tags: "Tags", Notes: "Notes" }],
  ])("%s", (_tool, header, expected) => {
    expect(words(header)).toEqual(expected);
  });

  it("compares headers without case, spacing or punctuation, and reads camelCase and snake_case", () => {
    expect(words("FULL NAME;cell#;TAGS".replace(/;/g, ","))).toMatchObject({ Name: "FULL NAME", Phone: "cell#", Tags: "TAGS" });
    expect(words("firstName,last_name,mobileNumber,customer_notes")).toEqual({ Name: "firstName + last_name", Phone: "mobileNumber", Tags: null, Notes: "customer_notes" });
  });

  it("takes no fax, pager, row number, customer number or phone type for a phone", () => {
    expect(guessColumns(split("No,Name,Fax,Pager,Customer Number,Phone Type,Phone Ext,Phone Opt-In")).phone).toEqual([]);
  });

  it("says which columns are not imported", () => {
    const headers = split(HAND_MADE + ",E-mail,Address");
    expect(unreadColumns(headers, guessColumns(headers))).toEqual(["E-mail", "Address"]);
    // Google's label columns are read with their values.
    expect(unreadColumns(split("Name,Phone 1 - Label,Phone 1 - Value"), guessColumns(split("Name,Phone 1 - Label,Phone 1 - Value")))).toEqual([]);
  });

  it("splits headers into words", () => {
    expect(headerWords("Phone 1 - Value")).toEqual(["phone", "1", "value"]);
    expect(headerWords("Téléphone")).toEqual(["telephone"]);
    expect(headerWords("Mobile Phone #s")).toEqual(["mobile", "phone", "s"]);
  });
});

describe("mappingFor: the owner's picks over the guess", () => {
  const headers = split("First Name,Last Name,Nickname,Mobile Phone,Home Phone,Tags,Comments");

  it("a column picked for the name is the whole name; for the phone, the only column read", () => {
    const mapping = mappingFor(headers, { name: 2, phone: 4, tags: "none", notes: "auto" });
    expect(mapping).toEqual({ name: [[2]], phone: [{ value: 4, label: null, mobile: false }], tags: null, notes: 6 });
    expect(mappingInWords(headers, mapping).map((w) => `${w.field} ← ${w.from ?? "nothing"}`)).toEqual(["Name ← Nickname", "Phone ← Home Phone", "Tags ← nothing", "Notes ← Comments"]);
  });

  it("a Google value column picked by hand keeps its label column", () => {
    expect(mappingFor(split(GOOGLE), { ...AUTO_CHOICES, phone: 22 }).phone).toEqual([{ value: 22, label: 21, mobile: false }]);
  });
});

describe("a row's cells", () => {
  const google = split("First Name,Last Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value");
  const mapping = guessColumns(google);

  it.each<[string, string[], string[]]>([
    ["the number labelled Mobile first, wherever it is", ["Ann", "Lee", "Work", "+1 512-234-0100", "Mobile", "(512) 234-0101"], ["(512) 234-0101", "+1 512-234-0100"]],
    ["Google's primary mark and several numbers in one cell", ["Ann", "Lee", "* Mobile", "512-234-0102 ::: 512-234-0103", "", ""], ["512-234-0102", "512-234-0103"]],
    ["no fax", ["Ann", "Lee", "Work Fax", "512-234-0104", "Home", "512-234-0105"], ["512-234-0105"]],
    ["direction marks and no-break spaces from a phone's export", ["Ann", "Lee", "Mobile", "\u202a+1\u00a0512-234-0106\u202c", "", ""], ["+1 512-234-0106"]],
    ["no number at all", ["Ann", "Lee", "", "", "", ""], []],
  ])("%s", (_name, fields, expected) => {
    expect(phoneCells(fields, mapping.phone)).toEqual(expected);
  });

  it("reads numbers written with their labels in one cell", () => {
    expect(phoneParts("Phone: (415) 234-0100 Mobile: (415) 234-0101")).toEqual([
      { number: "(415) 234-0100", label: "Phone" },
      { number: "(415) 234-0101", label: "Mobile" },
    ]);
    expect(phoneParts("415-234-0102 (cell), 415-234-0103")).toEqual([
      { number: "415-234-0102", label: "cell" },
      { number: "415-234-0103", label: null },
    ]);
    expect(phoneCells(["Phone: (415) 234-0100 Mobile: (415) 234-0101 Fax: (415) 234-0109"], [{ value: 0, label: null, mobile: false }])).toEqual(["(415) 234-0101", "(415) 234-0100"]);
    // What is not a number stays as written, for the rejection to quote.
    expect(phoneParts("call the office")).toEqual([{ number: "call the office", label: null }]);
    expect(phoneParts('="+14155550100"')).toEqual([{ number: '="+14155550100"', label: null }]);
  });

  it("names a row from the first source that has a name", () => {
    expect(nameCell(["", "Ann", " Lee ", "Acme"], [[0], [1, 2], [3]])).toBe("Ann Lee");
    expect(nameCell(["", "", "", "Acme Supply"], [[0], [1, 2], [3]])).toBe("Acme Supply");
    expect(nameCell(["", "", "", ""], [[0], [1, 2], [3]])).toBe("");
  });
});
