import { describe, expect, it } from "vitest";
import { pageHistory, pageIndex, unpagedWords, type PageHistoryInput, type PageRecord } from "../../src/rules/page-history";

const PATEL = "+15122345601";
const MARIA = "+15122345602";
const OWNER = "+15122345699";
const T = Date.UTC(2026, 2, 3, 21, 2);
const MIN = 60_000;

/** A page of the emergency `…_page<i>` to `to`, written when the caller's urgent reply came (T). */
const page = (i: number, to: string, rest: Partial<PageRecord>): PageRecord => ({
  id: `m_n1_SM1_page${i}`,
  toPhone: to,
  status: "delivered",
  errorCode: null,
  createdAt: T,
  sentAt: null,
  updatedAt: T,
  ...rest,
});

const input = (pages: PageRecord[], more: Partial<PageHistoryInput> = {}): PageHistoryInput => ({
  pages,
  ownerPhone: OWNER,
  onCall: [
    { phone: PATEL, name: "Dr. Patel" },
    { phone: MARIA, name: "Maria" },
  ],
  taken: null,
  held: new Map(),
  time: (at) => `+${(at - T) / MIN} min`,
  ...more,
});

const words = (i: PageHistoryInput) => pageHistory(i).map((s) => s.words);

describe("an urgent lead's pages as they happened", () => {
  it("names the first page, each escalation and the owner's page, in the order they went out", () => {
    const pages = [
      page(2, OWNER, { status: "sent", sentAt: T + 20 * MIN, updatedAt: T + 20 * MIN }),
      page(0, PATEL, { sentAt: T, updatedAt: T + 1_000 }),
      page(1, MARIA, { sentAt: T + 10 * MIN, updatedAt: T + 10 * MIN }),
    ];
    const steps = pageHistory(input(pages));
    expect(steps).toEqual([
      { at: T, words: "Paged Dr. Patel, (512) 234-5601", tone: "ok" },
      { at: T + 10 * MIN, words: "Escalated to Maria, (512) 234-5602", tone: "ok" },
      { at: T + 20 * MIN, words: "Paged the owner", tone: "ok" },
    ]);
  });

  it("puts who took it among the pages, and the pages it stopped after it, with why", () => {
    const pages = [
      page(0, PATEL, { sentAt: T }),
      page(1, MARIA, { status: "sent", sentAt: T + 10 * MIN, updatedAt: T + 10 * MIN }),
      page(2, OWNER, { status: "canceled", errorCode: "acknowledged", updatedAt: T + 12 * MIN + 50 }),
    ];
    expect(words(input(pages, { taken: { at: T + 12 * MIN, by: "Maria (+15122345602)" } }))).toEqual([
      "Paged Dr. Patel, (512) 234-5601",
      "Escalated to Maria, (512) 234-5602",
      "Taken by Maria, (512) 234-5602",
      "Page to the owner not sent: someone took the page",
    ]);
  });

  it("names a person who took it on the admin page by their name, and the owner's OK as the owner's", () => {
    const steps = pageHistory(input([page(0, PATEL, { sentAt: T })], { taken: { at: T + 3 * MIN, by: "Carla" } }));
    expect(steps.at(-1)).toEqual({ at: T + 3 * MIN, words: "Taken by Carla", tone: "ok" });
    expect(words(input([page(0, OWNER, { sentAt: T })], { taken: { at: T + MIN, by: OWNER } }))).toEqual(["Paged the owner", "Taken by the owner"]);
  });

  it("says a page was not sent because the lead was won", () => {
    const pages = [page(0, PATEL, { sentAt: T }), page(1, OWNER, { status: "canceled", errorCode: "lead_won", updatedAt: T + 4 * MIN })];
    expect(words(input(pages))).toEqual(["Paged Dr. Patel, (512) 234-5601", "Page to the owner not sent: the lead was won"]);
  });

  it("says when the next page goes while the line holds it, or that it is next when the line could not say", () => {
    const pages = [page(0, PATEL, { sentAt: T }), page(1, MARIA, { status: "scheduled" }), page(2, OWNER, { status: "scheduled" })];
    const steps = pageHistory(input(pages, { held: new Map([["m_n1_SM1_page1", T + 10 * MIN]]) }));
    expect(steps.map((s) => [s.words, s.tone])).toEqual([
      ["Paged Dr. Patel, (512) 234-5601", "ok"],
      ["Escalates to Maria, (512) 234-5602 at +10 min unless someone takes the page first", "warn"],
      ["Pages the owner next unless someone takes the page first", "warn"],
    ]);
    expect(steps[1]).toMatchObject({ at: T + 10 * MIN, timed: true });
    expect(steps[2]).toMatchObject({ at: Number.MAX_SAFE_INTEGER, timed: true });
  });

  it("says a page failed and why, and one still going out", () => {
    const pages = [page(0, PATEL, { status: "failed", errorCode: "30006", updatedAt: T + 5_000 }), page(1, MARIA, { status: "queued", updatedAt: T + 10 * MIN })];
    const steps = pageHistory(input(pages));
    expect(steps[0]).toMatchObject({ at: T + 5_000, tone: "bad" });
    expect(steps[0]!.words).toMatch(/^Page to Dr\. Patel, \(512\) 234-5601 failed: /);
    expect(steps[1]).toEqual({ at: T + 10 * MIN, words: "Paging Maria, (512) 234-5602", tone: "warn" });
  });

  it("names a number no longer on call by the number", () => {
    expect(words(input([page(0, "+15125550123", { sentAt: T })], { onCall: [] }))).toEqual(["Paged (512) 555-0123"]);
  });

  it("reads a page's place from its id, first when it has none", () => {
    expect([pageIndex("m_n1_SM1_page0"), pageIndex("m_n1_SM1_page12"), pageIndex("m_other")]).toEqual([0, 12, 0]);
  });

  it("with no pages and nobody taking it, has nothing to say", () => {
    expect(pageHistory(input([]))).toEqual([]);
  });
});

describe("whether anyone was paged about an emergency nobody took", () => {
  const CAP = "Not sent: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap)";

  it("says nobody was paged, and why each page did not go, when none went out", () => {
    const pages = [
      page(1, OWNER, { status: "suppressed", errorCode: "business_runaway_cap", updatedAt: T + 1 }),
      page(0, PATEL, { status: "suppressed", errorCode: "business_daily_cap", errorMessage: CAP, updatedAt: T }),
    ];
    expect(unpagedWords(input(pages))).toBe(
      "Nobody was paged. Page to Dr. Patel, (512) 234-5601 not sent: the business reached its daily cap of 195 texts in 24 hours (dailyTextCap). " +
        "Page to the owner not sent: the business reached 5 times its daily cap of texts in 24 hours (dailyTextCap): past that even texts to its own people and urgent answers stop.",
    );
  });

  it("says a page failed at the carrier, and that the next one is held", () => {
    const pages = [page(0, PATEL, { status: "failed", errorCode: "21211" }), page(1, OWNER, { status: "scheduled" })];
    expect(unpagedWords(input(pages))).toBe("Nobody was paged. Page to Dr. Patel, (512) 234-5601 failed: the carrier rejected the number. The next page is held for its time.");
  });

  it("says nothing when a page went out or is going (then nobody has taken it yet)", () => {
    expect(unpagedWords(input([page(0, PATEL, { status: "delivered" }), page(1, OWNER, { status: "suppressed", errorCode: "premium_rate" })]))).toBeNull();
    expect(unpagedWords(input([page(0, PATEL, { status: "queued" })]))).toBeNull();
    expect(unpagedWords(input([page(0, PATEL, { status: "retrying", errorCode: "20429" })]))).toBeNull();
  });

  it("says nobody was paged when no page was made (nobody on call, no owner's phone)", () => {
    expect(unpagedWords(input([]))).toBe("Nobody was paged.");
  });
});
