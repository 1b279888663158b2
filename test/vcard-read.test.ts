/** The vCard reader (src/vcard-read.ts) on what iPhones, Android phones and Google export, and a .vcf read into contacts (admin/contacts-csv.ts). */
import { describe, expect, it } from "vitest";
import { readContactsFile } from "../src/admin/contacts-csv";
import { looksLikeVCard, readVCards, vcardTable } from "../src/vcard-read";

/** An iPhone's export: vCard 3.0, Apple's item groups with a custom label, several TELs, a folded NOTE. */
const IPHONE = [
  "BEGIN:VCARD",
  "VERSION:3.0",
  "PRODID:-//Apple Inc.//iPhone OS 17.5//EN",
  "N:Lopez;Maria;;;",
  "FN:Maria Lopez",
  "ORG:Lopez Landscaping;",
  "item1.TEL;type=pref:(512) 234-0100",
  "item1.X-ABLabel:_$!<Other>!$_",
  "TEL;type=CELL;type=VOICE:(512) 234-0101",
  "NOTE:Gate code 1234\\, side door.\\nDog in yard",
  "  is friendly.",
  "END:VCARD",
  "BEGIN:VCARD",
  "VERSION:3.0",
  "N:Stone;Bob;;;",
  "FN:Bob Stone",
  "item2.TEL:+1 512 234 0102",
  "item2.X-ABLabel:_$!<Mobile>!$_",
  "TEL;type=WORK;type=VOICE:512-234-0103",
  "END:VCARD",
  "",
].join("\r\n");

/** An old Android export: vCard 2.1, a quoted-printable name in UTF-8 with a soft line break, bare TEL types. */
const ANDROID_21 = [
  "BEGIN:VCARD",
  "VERSION:2.1",
  "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=47=C3=B3=6D=65=7A;=4A=6F=73=C3=A9;;;",
  "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4A=6F=73=C3=A9=20=47=C3=B3=6D=",
  "=65=7A",
  "TEL;HOME:5122340104",
  "TEL;CELL;PREF:5122340105",
  "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
  "  /2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U",
  "",
  "END:VCARD",
].join("\n");

/** vCard 4.0: tel: URIs, a quoted TYPE list, folding with a tab. */
const V4 = [
  "BEGIN:VCARD",
  "VERSION:4.0",
  "FN:Ann",
  "\t Lee",
  'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+1-512-234-0106;ext=12',
  "TEL;VALUE=uri;TYPE=work:tel:+1-512-234-0107",
  "END:VCARD",
].join("\r\n");

describe("readVCards", () => {
  it("reads an iPhone's cards: names, organization, every TEL with its type or Apple label, a folded note with escapes", () => {
    expect(readVCards(IPHONE)).toEqual([
      {
        line: 1,
        fullName: "Maria Lopez",
        given: "Maria",
        additional: "",
        family: "Lopez",
        organization: "Lopez Landscaping",
        note: "Gate code 1234, side door.\nDog in yard is friendly.",
        phones: [
          { number: "(512) 234-0100", types: ["pref", "other"] },
          { number: "(512) 234-0101", types: ["cell", "voice"] },
        ],
      },
      expect.objectContaining({ line: 13, fullName: "Bob Stone", phones: [{ number: "+1 512 234 0102", types: ["mobile"] }, { number: "512-234-0103", types: ["work", "voice"] }] }),
    ]);
  });

  it("decodes an old Android export's quoted-printable names, soft line breaks included, and skips its photo", () => {
    const [card] = readVCards(ANDROID_21);
    expect(card).toMatchObject({ fullName: "José Gómez", given: "José", family: "Gómez" });
    expect(card!.phones).toEqual([
      { number: "5122340104", types: ["home"] },
      { number: "5122340105", types: ["cell", "pref"] },
    ]);
  });

  it("reads vCard 4.0's tel: URIs and quoted type lists, and folding with a tab", () => {
    expect(readVCards(V4)).toEqual([expect.objectContaining({ fullName: "Ann Lee", phones: [{ number: "+1-512-234-0106", types: ["voice", "cell"] }, { number: "+1-512-234-0107", types: ["work"] }] })]);
  });

  it.each([
    ["quoted-printable that is not", "BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:=ZZ=C3=\nEND:VCARD\n"],
    ["an unknown charset", "BEGIN:VCARD\nFN;CHARSET=x-klingon;ENCODING=QUOTED-PRINTABLE:=41\nEND:VCARD\n"],
    ["a file that ends inside a card", "BEGIN:VCARD\nFN:Ann\nTEL:5122340108"],
    ["lines without a colon, and text outside cards", "hello\nBEGIN:VCARD\nFN Ann\nEND:VCARD\ntrailing"],
  ])("does not throw on %s", (_name, text) => {
    expect(() => readVCards(text)).not.toThrow();
    expect(readVCards(text)).toHaveLength(1);
  });

  it("tells a vCard file from a CSV one by its first line", () => {
    expect(looksLikeVCard("\uFEFF\r\nbegin:vcard\r\n")).toBe(true);
    expect(looksLikeVCard("name,phone\nBEGIN:VCARD,1\n")).toBe(false);
  });

  it("lays the cards out as a table with Google's phone columns", () => {
    const [header, first] = vcardTable(readVCards(IPHONE));
    expect(header!.fields).toEqual(["Full Name", "First Name", "Middle Name", "Last Name", "Organization", "Notes", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value"]);
    expect(first!.fields.slice(6)).toEqual(["pref, other", "(512) 234-0100", "cell, voice", "(512) 234-0101"]);
  });
});

describe("a .vcf read into contacts", () => {
  it("imports each card's mobile, else its first valid number, names from FN (else N, else ORG), notes; a card with no number is rejected at its line", () => {
    const noPhone = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Email Only\r\nEMAIL:e@example.com\r\nEND:VCARD\r\n";
    const orgOnly = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nORG:Acme Supply\r\nTEL;TYPE=WORK:(512) 555-0100\r\nTEL;TYPE=WORK:512-234-0109\r\nEND:VCARD\r\n";
    const read = readContactsFile(IPHONE + noPhone + orgOnly + ANDROID_21, "US");
    expect(read.format).toBe("vcard");
    expect(read.contacts).toEqual([
      { phone: "+15122340101", name: "Maria Lopez", tags: [], notes: "Gate code 1234, side door.\nDog in yard is friendly." },
      { phone: "+15122340102", name: "Bob Stone", tags: [], notes: null },
      // (512) 555-0100 is a fictional number: the next one is taken.
      { phone: "+15122340109", name: "Acme Supply", tags: [], notes: null },
      { phone: "+15122340105", name: "José Gómez", tags: [], notes: null },
    ]);
    expect(read.rejected).toEqual([{ line: 21, name: "Email Only", reason: "phone: missing" }]);
    expect(read.unusable).toEqual({ missing: 1, invalid: 0 });
  });
});
