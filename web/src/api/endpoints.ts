/** One function per API operation the editor uses, typed by the generated OpenAPI schema. */
import { http, unwrap } from "./client";
import type {
  ApiGraph,
  ApprovalPublic,
  ApprovalStatus,
  CredentialCreate,
  CredentialPublic,
  CredentialTypeInfo,
  CredentialUpdate,
  DashboardPublic,
  DecisionCreate,
  N8nImportPublic,
  NodeTypeInfo,
  RunPublic,
  RunStatus,
  RunSummary,
  TemplateSummary,
  VersionPublic,
  WorkflowPublic,
  WorkflowRename,
  WorkflowSummary,
} from "./types";

export interface WorkflowDraft {
  name: string;
  description?: string;
  graph: ApiGraph;
}

export async function readNodeTypes(): Promise<NodeTypeInfo[]> {
  const data = await unwrap(http.GET("/api/node-types"));
  // Typed by the schema, except the two JSON Schemas it carries (open objects there).
  return data as NodeTypeInfo[];
}

// --- workflows ---------------------------------------------------------------------------------

export async function readWorkflows(): Promise<{ data: WorkflowSummary[]; count: number }> {
  return unwrap(http.GET("/api/workflows", { params: { query: { limit: 500 } } }));
}

export function readWorkflow(id: string): Promise<WorkflowPublic> {
  return unwrap(http.GET("/api/workflows/{workflow_id}", { params: { path: { workflow_id: id } } }));
}

export function createWorkflow(draft: WorkflowDraft): Promise<WorkflowPublic> {
  return unwrap(http.POST("/api/workflows", { body: { description: "", ...draft } }));
}

/** Saves a new immutable version. */
export function updateWorkflow(id: string, draft: WorkflowDraft): Promise<WorkflowPublic> {
  return unwrap(
    http.PUT("/api/workflows/{workflow_id}", {
      params: { path: { workflow_id: id } },
      body: { description: "", ...draft },
    }),
  );
}

/** Name and description only: no new version. */
export function renameWorkflow(id: string, change: WorkflowRename): Promise<WorkflowPublic> {
  return unwrap(
    http.PATCH("/api/workflows/{workflow_id}", { params: { path: { workflow_id: id } }, body: change }),
  );
}

export async function deleteWorkflow(id: string): Promise<void> {
  await unwrap(http.DELETE("/api/workflows/{workflow_id}", { params: { path: { workflow_id: id } } }));
}

export async function readVersions(id: string): Promise<VersionPublic[]> {
  const page = await unwrap(
    http.GET("/api/workflows/{workflow_id}/versions", { params: { path: { workflow_id: id } } }),
  );
  return page.data;
}

export function readVersion(id: string, version: number): Promise<VersionPublic> {
  return unwrap(
    http.GET("/api/workflows/{workflow_id}/versions/{version}", {
      params: { path: { workflow_id: id, version } },
    }),
  );
}

// --- runs --------------------------------------------------------------------------------------

export function startRun(
  workflowId: string,
  inputs: Record<string, unknown>,
  version?: number,
): Promise<RunSummary> {
  return unwrap(
    http.POST("/api/workflows/{workflow_id}/runs", {
      params: { path: { workflow_id: workflowId } },
      body: { inputs, version: version ?? null },
    }),
  );
}

export interface RunFilter {
  workflowId?: string;
  status?: RunStatus;
  /** ISO date-times. */
  createdAfter?: string;
  createdBefore?: string;
  offset?: number;
  limit?: number;
}

export function readRuns(filter: RunFilter = {}): Promise<{ data: RunSummary[]; count: number }> {
  return unwrap(
    http.GET("/api/runs", {
      params: {
        query: {
          workflow_id: filter.workflowId ?? null,
          status: filter.status ?? null,
          created_after: filter.createdAfter ?? null,
          created_before: filter.createdBefore ?? null,
          offset: filter.offset ?? 0,
          limit: filter.limit ?? 50,
        },
      },
    }),
  );
}

export function readRun(id: string, signal?: AbortSignal): Promise<RunPublic> {
  return unwrap(
    http.GET("/api/runs/{run_id}", { params: { path: { run_id: id } }, ...(signal ? { signal } : {}) }),
  );
}

export function cancelRun(id: string): Promise<RunPublic> {
  return unwrap(http.POST("/api/runs/{run_id}/cancel", { params: { path: { run_id: id } } }));
}

/** A new run of the same version and inputs, reusing the nodes that succeeded. */
export function retryRun(id: string): Promise<RunSummary> {
  return unwrap(http.POST("/api/runs/{run_id}/retry", { params: { path: { run_id: id } } }));
}

// --- approvals ---------------------------------------------------------------------------------

export interface ApprovalFilter {
  status?: ApprovalStatus;
  workflowId?: string;
  /** Only those I may decide (the API's default). */
  mine?: boolean;
  limit?: number;
}

export function readApprovals(
  filter: ApprovalFilter = {},
): Promise<{ data: ApprovalPublic[]; count: number }> {
  return unwrap(
    http.GET("/api/approvals", {
      params: {
        query: {
          status: filter.status ?? "pending",
          workflow_id: filter.workflowId ?? null,
          mine: filter.mine ?? true,
          limit: filter.limit ?? 100,
        },
      },
    }),
  );
}

export function readApproval(id: string): Promise<ApprovalPublic> {
  return unwrap(http.GET("/api/approvals/{approval_id}", { params: { path: { approval_id: id } } }));
}

/** 403 (not an approver), 409 (no longer pending) and 422 (form) come back as ApiError. */
export function decideApproval(id: string, decision: DecisionCreate): Promise<ApprovalPublic> {
  return unwrap(
    http.POST("/api/approvals/{approval_id}/decision", {
      params: { path: { approval_id: id } },
      body: decision,
    }),
  );
}

// --- credentials -------------------------------------------------------------------------------

export async function readCredentials(): Promise<CredentialPublic[]> {
  return (await unwrap(http.GET("/api/credentials"))).data;
}

export async function readCredentialTypes(): Promise<CredentialTypeInfo[]> {
  const data = await unwrap(http.GET("/api/credential-types"));
  return data as unknown as CredentialTypeInfo[];
}

export function createCredential(body: CredentialCreate): Promise<CredentialPublic> {
  return unwrap(http.POST("/api/credentials", { body }));
}

/** Omitted data fields keep their values, `null` removes one. */
export function updateCredential(id: string, body: CredentialUpdate): Promise<CredentialPublic> {
  return unwrap(
    http.PUT("/api/credentials/{credential_id}", { params: { path: { credential_id: id } }, body }),
  );
}

export async function deleteCredential(id: string): Promise<void> {
  await unwrap(http.DELETE("/api/credentials/{credential_id}", { params: { path: { credential_id: id } } }));
}

// --- dashboard ---------------------------------------------------------------------------------

export interface DashboardQuery {
  /** ISO date-times: `from` included, `to` excluded. */
  from: string;
  to: string;
  workflowId?: string;
}

export function readDashboard(query: DashboardQuery): Promise<DashboardPublic> {
  return unwrap(
    http.GET("/api/dashboard", {
      params: { query: { from: query.from, to: query.to, workflow_id: query.workflowId ?? null } },
    }),
  );
}

// --- templates and imports ---------------------------------------------------------------------

/** Templates whose name, description or tags match `q` (all of them without). */
export function readTemplates(q?: string, signal?: AbortSignal): Promise<TemplateSummary[]> {
  return unwrap(
    http.GET("/api/templates", { params: { query: { q: q ?? null } }, ...(signal ? { signal } : {}) }),
  );
}

/** A new workflow from a template, each of its credential keys given a workspace credential. */
export function createFromTemplate(id: string, credentials: Record<string, string>): Promise<WorkflowPublic> {
  return unwrap(
    http.POST("/api/templates/{template_id}/workflows", {
      params: { path: { template_id: id } },
      body: { credentials },
    }),
  );
}

/**
 * An n8n export converted: with `dryRun` only the graph and the report; without, the workflow
 * and its (empty) credentials are created too. A 422 names the export's bad field.
 */
export function importN8n(exported: Record<string, unknown>, dryRun: boolean): Promise<N8nImportPublic> {
  return unwrap(
    http.POST("/api/workflows/import/n8n", { params: { query: { dry_run: dryRun } }, body: exported }),
  );
}
