import { describe, expect, it } from "vitest";
import { hasExpression, inputExpression, insertAt, nodeExpression, outputFields } from "./expressions";

describe("expressions", () => {
  it("writes node and input references", () => {
    expect(nodeExpression("fetch", "status")).toBe("{{ nodes.fetch.output.status }}");
    expect(nodeExpression("fetch")).toBe("{{ nodes.fetch.output }}");
    expect(nodeExpression("my-node", "content-type")).toBe('{{ nodes."my-node".output."content-type" }}');
    expect(inputExpression("name")).toBe("{{ inputs.name }}");
  });

  it("finds expressions", () => {
    expect(hasExpression("Hi {{ inputs.name }}")).toBe(true);
    expect(hasExpression("{ not one }")).toBe(false);
    expect(hasExpression(3)).toBe(false);
  });

  it("lists documented output fields", () => {
    expect(outputFields({ type: "object", properties: { status: {}, body: {} } })).toEqual([
      "status",
      "body",
    ]);
    expect(outputFields({ description: "free" })).toEqual([]);
  });

  it("inserts at the caret, or at the end", () => {
    expect(insertAt("Hello !", "X", 6)).toBe("Hello X!");
    expect(insertAt("abc", "X", null)).toBe("abcX");
    expect(insertAt("abc", "X", 99)).toBe("abcX");
  });
});
