/** Names for the API's shapes: generated ones from schema.d.ts, plus those the schema leaves open. */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type WorkflowSummary = Schemas["WorkflowSummary"];
export type WorkflowPublic = Schemas["WorkflowPublic"];
export type WorkflowCreate = Schemas["WorkflowCreate"];
export type WorkflowRename = Schemas["WorkflowRename"];
export type VersionPublic = Schemas["VersionPublic"];
export type RunSummary = Schemas["RunSummary"];
export type RunPublic = Schemas["RunPublic"];
export type RunStatus = RunSummary["status"];
export type NodeRunState = Schemas["NodeStatePublic"];
export type NodeStatus = NodeRunState["status"];
export type ApiGraph = Schemas["Graph"];
export type ApiNode = Schemas["GraphNode"];
export type ApiEdge = Schemas["GraphEdge"];
export type ApiNodeData = Schemas["NodeData"];
export type RetryOptions = Schemas["RetryOptions"];
export type NodeDefaults = Schemas["NodeDefaults"];
export type ApprovalPublic = Schemas["ApprovalPublic"];
export type ApprovalStatus = ApprovalPublic["status"];
export type DecisionCreate = Schemas["DecisionCreate"];
export type CredentialPublic = Schemas["CredentialPublic"];
export type CredentialCreate = Schemas["CredentialCreate"];
export type CredentialUpdate = Schemas["CredentialUpdate"];
export type DashboardPublic = Schemas["DashboardPublic"];
export type RunsOnDay = Schemas["RunsOnDay"];
export type WorkflowHealth = Schemas["WorkflowHealth"];
export type SlowNode = Schemas["SlowNode"];
export type UsageOnDay = Schemas["UsageOnDay"];
export type WorkflowUsage = Schemas["WorkflowUsage"];
export type PendingApprovals = Schemas["PendingApprovals"];
export type TemplateSummary = Schemas["TemplateSummary"];
export type N8nImportPublic = Schemas["N8nImportPublic"];

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = [
  "completed",
  "failed",
  "cancelled",
  "terminated",
  "timed_out",
];

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/**
 * The JSON Schema keywords the catalogs use; forms and validation read these. The API types
 * these schemas as open objects (they are data), so this is the one hand-written view of them.
 */
export interface JsonSchema {
  type?: JsonType | JsonType[];
  title?: string;
  description?: string;
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  not?: JsonSchema;
  /** Editor hint: "json" or "textarea" overrides the widget picked from `type`. */
  "x-widget"?: "json" | "textarea" | "keyvalue";
}

/**
 * One entry of GET /api/node-types: the generated NodeTypePublic, with its two schemas read as
 * JSON Schema. `kind` is "inline", "activity", "timer" or "approval".
 */
export type NodeTypeInfo = Omit<Schemas["NodeTypePublic"], "config_schema" | "output_schema"> & {
  config_schema: JsonSchema;
  output_schema: JsonSchema;
};

/**
 * One entry of GET /api/credential-types. The route answers `list[dict]`, so the OpenAPI schema
 * has no shape for it (see the report: `response_model=list[CredentialTypePublic]` would type it).
 */
export interface CredentialTypeInfo {
  type: string;
  label: string;
  /** What node types ask for (`credential_type`); several types may share a kind. */
  kind: string;
  schema: JsonSchema;
  /** Write-only fields: never answered by the API. */
  secret_fields: string[];
}

/** A 422 detail item; graph problems add the node id and the field (e.g. "config.url"). */
export interface ApiProblem {
  loc: (string | number)[];
  msg: string;
  type: string;
  node_id?: string | null;
  field?: string;
}
