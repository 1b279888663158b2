import { describe, expect, it } from "vitest";
import { BoundedMap } from "../src/bounded-map";

describe("BoundedMap", () => {
  it("forgets only its oldest entry when full, so a cache of more keys than its bound still hits the recent ones", () => {
    const m = new BoundedMap<string, number>(3);
    for (const [k, v] of [["a", 1], ["b", 2], ["c", 3], ["d", 4]] as const) m.set(k, v);
    expect([...m.keys()]).toEqual(["b", "c", "d"]);
    m.set("c", 30); // an existing key is replaced, nothing is evicted
    expect([...m.entries()]).toEqual([["b", 2], ["c", 30], ["d", 4]]);
    m.set("e", 5);
    expect([...m.keys()]).toEqual(["c", "d", "e"]);
  });
});
