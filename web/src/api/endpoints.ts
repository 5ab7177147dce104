/** One function per API operation the editor uses, typed by the generated OpenAPI schema. */
import { http, unwrap } from "./client";
import type {
  ApiGraph,
  NodeTypeInfo,
  RunPublic,
  RunStatus,
  RunSummary,
  VersionPublic,
  WorkflowPublic,
  WorkflowSummary,
} from "./types";

export interface WorkflowDraft {
  name: string;
  description?: string;
  graph: ApiGraph;
}

export async function readNodeTypes(): Promise<NodeTypeInfo[]> {
  const data = await unwrap(http.GET("/api/node-types"));
  // The schema types this list as open objects; the catalog's shape is NodeTypeInfo.
  return data as unknown as NodeTypeInfo[];
}

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

export async function deleteWorkflow(id: string): Promise<void> {
  await unwrap(http.DELETE("/api/workflows/{workflow_id}", { params: { path: { workflow_id: id } } }));
}

export async function readVersions(id: string): Promise<VersionPublic[]> {
  const page = await unwrap(
    http.GET("/api/workflows/{workflow_id}/versions", { params: { path: { workflow_id: id } } }),
  );
  return page.data;
}

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
