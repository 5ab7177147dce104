import { describe, expect, it } from "vitest";
import { emptyHistory, HISTORY_LIMIT, record, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes in order", () => {
    let h = emptyHistory<string>();
    h = record(h, "a", null, 0);
    h = record(h, "b", null, 10);
    const back = undo(h, "c")!;
    expect(back.state).toBe("b");
    const back2 = undo(back.history, "b")!;
    expect(back2.state).toBe("a");
    expect(undo(back2.history, "a")).toBeNull();
    const forward = redo(back2.history, "a")!;
    expect(forward.state).toBe("b");
    expect(redo(forward.history, "b")?.state).toBe("c");
  });

  it("a new change clears the redo stack", () => {
    let h = record(emptyHistory<string>(), "a", null, 0);
    h = undo(h, "b")!.history;
    expect(h.future).toEqual(["b"]);
    h = record(h, "a", null, 5);
    expect(h.future).toEqual([]);
  });

  it("typing in one field is one step per burst", () => {
    let h = emptyHistory<string>();
    h = record(h, "v0", "node:config.url", 0);
    h = record(h, "v1", "node:config.url", 300);
    h = record(h, "v2", "node:config.url", 600);
    expect(h.past).toEqual(["v0"]);
    h = record(h, "v3", "node:config.url", 2000);
    expect(h.past).toEqual(["v0", "v3"]);
    h = record(h, "v4", "node:label", 2100);
    expect(h.past).toEqual(["v0", "v3", "v4"]);
  });

  it("keeps at most the limit", () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 20; i += 1) h = record(h, i, null, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});
