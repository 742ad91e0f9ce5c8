/** The profile summary: sampled time by area, idle left out, one column per set of profiles. */
import { areaOf, msByArea, summaryTable, type CpuProfile } from "../bench/profileSummary";

const frame = (functionName: string, url: string) => ({ functionName, url });

describe("bench profile summary", () => {
  it("names the area of a frame: our module, a package, Node's HTTP, GC", () => {
    expect(areaOf(frame("sortByName", "file:///w/dist/core/sortByName.js"))).toBe(
      "ours: core/sortByName",
    );
    expect(areaOf(frame("object", "file:///w/node_modules/json-bigint/lib/parse.js"))).toBe(
      "json-bigint",
    );
    expect(areaOf(frame("request", "file:///w/node_modules/@alicloud/pop-core/lib/rpc.js"))).toBe(
      "@alicloud/pop-core",
    );
    expect(areaOf(frame("socketOnData", "node:_http_client"))).toBe("node: http, net and streams");
    expect(areaOf(frame("writev", ""))).toBe("node: http, net and streams");
    expect(areaOf(frame("(garbage collector)", ""))).toBe("GC");
    expect(areaOf(frame("listOnTimeout", "node:internal/timers"))).toBe(
      "node: timers, events and abort signals",
    );
  });

  it("names the package by the last node_modules segment, and the bench's own code apart", () => {
    const pnpm = "file:///w/node_modules/.pnpm/json-bigint@1.0.0/node_modules/json-bigint/lib/a.js";
    expect(areaOf(frame("value", pnpm))).toBe("json-bigint");
    expect(areaOf(frame("f", "file:///w/node_modules/x/dist/core/y.js"))).toBe("x");
    expect(areaOf(frame("f", "file:///w/dist/cli/format/table.js"))).toBe("ours: cli/format/table");
    expect(areaOf(frame("f", "file:///w/dist/bench/algorithms/naive.js"))).toBe(
      "bench: bench/algorithms/naive",
    );
  });

  it("sums each area's samples in ms, without idle, and tabulates the largest first", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame("(idle)", "") },
        { id: 2, callFrame: frame("(garbage collector)", "") },
        { id: 3, callFrame: frame("listingPass", "file:///w/dist/core/paginate.js") },
      ],
      samples: [1, 2, 3, 3, 1],
      timeDeltas: [5000, 1000, 2000, 3000, 9000],
    };
    const ms = msByArea(profile);
    expect([...ms]).toEqual([
      ["GC", 1],
      ["ours: core/paginate", 5],
    ]);
    const table = summaryTable([
      { name: "a", ms },
      { name: "b", ms: new Map([["GC", 2]]) },
    ]);
    expect(table.split("\n")).toEqual([
      "| ms of CPU per process | a | b |",
      "| --- | --- | --- |",
      "| ours: core/paginate | 5.0 | 0.0 |",
      "| GC | 1.0 | 2.0 |",
      "| **all but idle** | 6.0 | 2.0 |",
    ]);
  });
});
