import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../api/types";
import { problemsAt, validate } from "./validate";

const HTTP_REQUEST: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: {
    method: { enum: ["GET", "POST"] },
    url: { type: "string", pattern: "^https?://", maxLength: 30 },
    headers: { type: "object", additionalProperties: { type: "string" } },
    json: {},
    body: { type: ["string", "object"] },
    timeout_seconds: { type: "number", exclusiveMinimum: 0, maximum: 300 },
  },
  not: { required: ["json", "body"] },
};

describe("validate", () => {
  it("accepts a valid config", () => {
    expect(
      validate(HTTP_REQUEST, { url: "https://example.com", method: "POST", timeout_seconds: 5 }),
    ).toEqual([]);
  });

  it("names each problem by the path the server uses", () => {
    const problems = validate(HTTP_REQUEST, {
      method: "FETCH",
      headers: { "X-Id": 5 },
      timeout_seconds: 0,
      extra: true,
    });
    expect(problems).toEqual([
      { path: "config.url", message: "is required" },
      { path: "config.method", message: "must be one of GET, POST" },
      { path: "config.headers.X-Id", message: "must be text" },
      { path: "config.timeout_seconds", message: "must be greater than 0" },
      { path: "config.extra", message: "is not a known field" },
    ]);
  });

  it("checks strings and numbers", () => {
    expect(validate(HTTP_REQUEST, { url: "ftp://x" })).toEqual([
      { path: "config.url", message: "must match ^https?://" },
    ]);
    expect(validate(HTTP_REQUEST, { url: `https://${"x".repeat(40)}` })[0]?.message).toBe(
      "must have at most 30 characters",
    );
    expect(validate(HTTP_REQUEST, { url: "https://x", timeout_seconds: 301 })[0]?.message).toBe(
      "must be at most 300",
    );
    expect(validate(HTTP_REQUEST, { url: "https://x", timeout_seconds: "soon" })[0]?.message).toBe(
      "must be a number",
    );
    expect(validate({ type: "integer", minimum: 1 }, 0, "n")).toEqual([
      { path: "n", message: "must be at least 1" },
    ]);
    expect(validate({ type: "integer" }, 1.5, "n")[0]?.message).toBe("must be a whole number");
  });

  it("skips values that hold an expression, as the server does", () => {
    expect(validate(HTTP_REQUEST, { url: "{{ inputs.url }}", timeout_seconds: "{{ inputs.t }}" })).toEqual(
      [],
    );
  });

  it("reports mutually exclusive fields", () => {
    expect(validate(HTTP_REQUEST, { url: "https://x", json: {}, body: "x" })).toEqual([
      { path: "config", message: "set only one of json, body" },
    ]);
  });

  it("checks array items by index", () => {
    const schema: JsonSchema = { type: "array", items: { type: "number" }, maxItems: 2 };
    expect(validate(schema, [1, "a", 3], "config.xs")).toEqual([
      { path: "config.xs", message: "must have at most 2 items" },
      { path: "config.xs[1]", message: "must be a number" },
    ]);
  });

  it("validates from an empty base path (node options)", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        retry: { type: "object", properties: { max_attempts: { type: "integer", maximum: 10 } } },
      },
    };
    expect(validate(schema, { retry: { max_attempts: 11 } }, "")).toEqual([
      { path: "retry.max_attempts", message: "must be at most 10" },
    ]);
  });
});

describe("more keywords of the catalog", () => {
  it("checks uniqueItems (llm.classify labels) and minProperties (llm.extract fields)", () => {
    const schema = {
      type: "object" as const,
      properties: {
        labels: { type: "array" as const, uniqueItems: true, items: { type: "string" as const } },
        fields: { type: "object" as const, minProperties: 1 },
      },
    };
    expect(validate(schema, { labels: ["a", "b", "a"], fields: {} })).toEqual([
      { path: "config.labels", message: "must not repeat an item" },
      { path: "config.fields", message: "must have at least 1 field" },
    ]);
    expect(validate(schema, { labels: ["a", "b"], fields: { x: 1 } })).toEqual([]);
  });
});

describe("problemsAt", () => {
  it("keeps the problems at a path and below it", () => {
    const problems = [
      { path: "config.headers", message: "a" },
      { path: "config.headers.X", message: "b" },
      { path: "config.headersX", message: "c" },
      { path: "config.items[0]", message: "d" },
    ];
    expect(problemsAt(problems, "config.headers").map((p) => p.message)).toEqual(["a", "b"]);
    expect(problemsAt(problems, "config.items").map((p) => p.message)).toEqual(["d"]);
  });
});
