import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../api/types";
import { fieldKind, formFields, humanize, parseJsonInput, parseNumberInput } from "./fields";

const HTTP_REQUEST: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: {
    method: { enum: ["GET", "POST"], default: "GET" },
    url: { type: "string", pattern: "^https?://" },
    headers: { type: "object", additionalProperties: { type: "string" } },
    json: { description: "JSON body" },
    body: { type: ["string", "object"] },
    timeout_seconds: { type: "number", default: 30 },
  },
};

describe("fieldKind", () => {
  it.each<[JsonSchema, string]>([
    [{ type: "string" }, "string"],
    [{ type: "number" }, "number"],
    [{ type: "integer" }, "integer"],
    [{ type: "boolean" }, "boolean"],
    [{ enum: ["a", "b"] }, "enum"],
    [{ type: "string", enum: ["a"] }, "enum"],
    [{ type: "object" }, "keyValue"],
    [{ type: "object", additionalProperties: { type: "string" } }, "keyValue"],
    [{ type: "object", properties: { a: { type: "string" } } }, "object"],
    [{ properties: { a: { type: "string" } } }, "object"],
    [{ type: "array", items: { type: "string" } }, "array"],
    [{ description: "anything" }, "json"],
    [{ type: ["string", "object"] }, "json"],
    [{ type: ["integer", "null"] }, "integer"],
    [{ type: "object", "x-widget": "json" }, "json"],
    [{ type: "string", "x-widget": "textarea" }, "text"],
    [{ type: "string", writeOnly: true }, "secret"],
    [{ type: "object", writeOnly: true }, "keyValue"],
  ])("%j → %s", (schema, kind) => {
    expect(fieldKind(schema)).toBe(kind);
  });
});

describe("formFields", () => {
  it("maps every property in order, with paths, labels, required and defaults", () => {
    const fields = formFields(HTTP_REQUEST);
    expect(fields.map((f) => [f.name, f.kind, f.path])).toEqual([
      ["method", "enum", "config.method"],
      ["url", "string", "config.url"],
      ["headers", "keyValue", "config.headers"],
      ["json", "json", "config.json"],
      ["body", "json", "config.body"],
      ["timeout_seconds", "number", "config.timeout_seconds"],
    ]);
    const url = fields.find((f) => f.name === "url");
    expect(url?.required).toBe(true);
    expect(fields.find((f) => f.name === "method")).toMatchObject({
      options: ["GET", "POST"],
      placeholder: "GET",
      required: false,
    });
    expect(fields.find((f) => f.name === "timeout_seconds")?.label).toBe("Timeout seconds");
    expect(fields.find((f) => f.name === "json")?.description).toBe("JSON body");
  });

  it("nests object properties under their path", () => {
    const [auth] = formFields({
      type: "object",
      properties: { auth: { type: "object", required: ["user"], properties: { user: { type: "string" } } } },
    });
    expect(auth?.kind).toBe("object");
    expect(auth?.children?.[0]).toMatchObject({ path: "config.auth.user", required: true });
  });

  it("uses the given base path (the run form uses 'inputs')", () => {
    const [name] = formFields(
      { type: "object", properties: { name: { type: "string", title: "Your name" } } },
      "inputs",
    );
    expect(name).toMatchObject({ path: "inputs.name", label: "Your name" });
  });

  it("offers a credential picker for credential_id", () => {
    const [field] = formFields({
      type: "object",
      properties: { credential_id: { type: "string", format: "uuid" } },
    });
    expect(field).toMatchObject({ kind: "credential", label: "Credential" });
  });

  it("has no fields for a schema without properties", () => {
    expect(formFields({ type: "object" })).toEqual([]);
  });
});

describe("input parsing", () => {
  it("reads numbers, keeps expressions and mistakes as text, clears on empty", () => {
    expect(parseNumberInput("12.5", false)).toBe(12.5);
    expect(parseNumberInput(" 3 ", true)).toBe(3);
    expect(parseNumberInput("2.5", true)).toBe("2.5");
    expect(parseNumberInput("{{ inputs.n }}", false)).toBe("{{ inputs.n }}");
    expect(parseNumberInput("", false)).toBeUndefined();
  });

  it("parses JSON, and keeps other text as a string", () => {
    expect(parseJsonInput('{"a": [1, true]}')).toEqual({ value: { a: [1, true] }, asText: false });
    expect(parseJsonInput("hello")).toEqual({ value: "hello", asText: true });
    expect(parseJsonInput("  ")).toEqual({ value: undefined, asText: false });
  });

  it("humanizes names", () => {
    expect(humanize("max_attempts")).toBe("Max attempts");
    expect(humanize("inputsSchema")).toBe("Inputs Schema");
    expect(humanize("url")).toBe("URL");
    expect(humanize("json_body")).toBe("JSON body");
  });
});

describe("placeholders from the catalog", () => {
  it("shows the default, else the first simple example", () => {
    const [model, labels, retries] = formFields({
      type: "object",
      properties: {
        model: { type: "string", examples: ["gpt-4.1-mini", "claude-haiku-4-5"] },
        labels: { type: "array", examples: [["billing", "bug"]] },
        retries: { type: "integer", default: 3, examples: [5] },
      },
    });
    expect(model?.placeholder).toBe("e.g. gpt-4.1-mini");
    expect(labels?.placeholder).toBeUndefined();
    expect(retries?.placeholder).toBe("3");
  });

  it("nests array items' fields under their index (logic.switch rules)", () => {
    const [rules] = formFields({
      type: "object",
      properties: {
        rules: {
          type: "array",
          items: { type: "object", properties: { port: { type: "string" }, expression: { type: "string" } } },
        },
      },
    });
    expect(rules?.kind).toBe("array");
    expect(fieldKind(rules?.schema.items ?? {})).toBe("object");
    expect(formFields(rules?.schema.items ?? {}, "config.rules[1]").map((f) => f.path)).toEqual([
      "config.rules[1].port",
      "config.rules[1].expression",
    ]);
  });
});
