#!/usr/bin/env node
/**
 * The editor end to end, in headless Chromium against a real API, worker and Temporal:
 *   0. create an account on the sign-in page;
 *   1. draw trigger → http.request → transform.set from the palette, connect, fill the forms
 *      (one field through the expression helper), save, run: all three nodes succeed;
 *   2. a server 422 lands on the right field; then the HTTP node gets a 404 and shows why;
 *      then a slow peer's run is cancelled from the run panel;
 *   3. the run list and the read-only run page show the finished run;
 *   4. export, import, copy/paste, version history, rename, duplicate and delete.
 *
 * Usage: node e2e/editor.e2e.mjs --base-url URL --ok-url URL --missing-url URL --slow-url URL
 *          --email NEW_EMAIL --password PASSWORD [--artifacts DIR]
 * Prints one JSON line with what it saw; exits 1 when a step fails.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, openPage } from "./browser.mjs";

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    "ok-url": { type: "string" },
    "missing-url": { type: "string" },
    "slow-url": { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    artifacts: { type: "string", default: "test-artifacts/editor" },
  },
});
const BASE = opts["base-url"];
const ARTIFACTS = path.resolve(opts.artifacts);
const TIMEOUT = 30_000;

const report = { steps: [], screenshots: [], errors: [], scenarios: {} };
let currentStep = "start";

async function step(name, work) {
  currentStep = name;
  const started = Date.now();
  const result = await work();
  report.steps.push({ name, ms: Date.now() - started });
  return result;
}

async function shot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  report.screenshots.push(file);
}

const node = (page, id) => page.getByTestId(`node-${id}`);

async function dropNode(page, type, x, y) {
  await page
    .locator(`[data-node-type="${type}"]`)
    .dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
}

async function connect(page, source, target, sourceHandle = "out", targetHandle = "in") {
  const from = await page
    .locator(`.react-flow__handle.source[data-nodeid="${source}"][data-handleid="${sourceHandle}"]`)
    .boundingBox();
  const to = await page
    .locator(`.react-flow__handle.target[data-nodeid="${target}"][data-handleid="${targetHandle}"]`)
    .boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function selectNode(page, id) {
  await node(page, id).locator(".wf-node-label").click();
  await page.getByRole("tab", { name: "Properties" }).click();
  await page.locator(`[data-testid="properties"][data-node-id="${id}"]`).waitFor();
}

async function waitForStatus(page, id, status, timeout = TIMEOUT) {
  await page.locator(`[data-testid="node-${id}"][data-status="${status}"]`).waitFor({ timeout });
}

async function save(page) {
  await page.keyboard.press("Control+s");
}

async function startRun(page) {
  await page.getByRole("toolbar").getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Start run" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
}

async function drawSaveAndRun(page) {
  const result = {};
  await step("create an account", async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Email").fill(opts.email);
    await page.getByLabel("Password").fill(opts.password);
    await shot(page, "0-sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("No workflows yet").waitFor({ timeout: TIMEOUT });
  });
  await step("open the new-workflow page", async () => {
    await page
      .getByRole("link", { name: /new workflow|create your first workflow/i })
      .first()
      .click();
    await page.locator('[data-node-type="http.request"]').waitFor();
  });
  await step("drag three nodes from the palette", async () => {
    await dropNode(page, "trigger.manual", 130, 200);
    await dropNode(page, "http.request", 380, 320);
    await dropNode(page, "transform.set", 620, 200);
    await page.locator(".react-flow__node").nth(2).waitFor();
    result.nodesAfterDrop = await page.locator(".react-flow__node").count();
  });
  await step("undo and redo with the keyboard", async () => {
    await page.getByTestId("canvas").click({ position: { x: 300, y: 600 } });
    await page.keyboard.press("Control+z");
    result.nodesAfterUndo = await page.locator(".react-flow__node").count();
    await page.keyboard.press("Control+Shift+z");
    result.nodesAfterRedo = await page.locator(".react-flow__node").count();
  });
  await step("connect the ports", async () => {
    await connect(page, "trigger_manual_1", "http_request_1");
    await connect(page, "http_request_1", "transform_set_1");
    await page.locator(".react-flow__edge").nth(1).waitFor();
    result.edges = await page.locator(".react-flow__edge").count();
  });
  await step("auto-layout", async () => {
    await page.getByRole("button", { name: "Auto-layout" }).click();
  });
  await step("fill the HTTP request's URL", async () => {
    await selectNode(page, "http_request_1");
    await page.locator("#f-http_request_1-config-url").fill(opts["ok-url"]);
    result.urlProblemsAfterFill = await page.locator('[data-field="config.url"] .field-error').count();
  });
  await step("fill Set fields, one value through the expression helper", async () => {
    await selectNode(page, "transform_set_1");
    const fields = page.locator('[data-field="config.fields"]');
    await fields.getByRole("button", { name: "+ Add field" }).click();
    await fields.getByLabel("Fields name 1").fill("status");
    await page.locator("#f-transform_set_1-config-fields-0").click();
    await page.locator('[data-expression="{{ nodes.http_request_1.output.status }}"]').click();
    await fields.getByRole("button", { name: "+ Add field" }).click();
    await fields.getByLabel("Fields name 2").fill("summary");
    await page
      .locator("#f-transform_set_1-config-fields-1")
      .fill("{{ nodes.http_request_1.output.body.total }} orders");
    result.statusField = await page.locator("#f-transform_set_1-config-fields-0").inputValue();
    await page.locator("#f-transform_set_1-label").fill("Summarise");
    await shot(page, "1-properties");
  });
  await step("name the workflow and save with Ctrl+S", async () => {
    await page.getByLabel("Workflow name").fill("Orders summary");
    await page.getByTestId("canvas").click({ position: { x: 300, y: 600 } });
    await save(page);
    await page.getByText("Saved version 1").waitFor({ timeout: TIMEOUT });
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
    result.workflowId = page.url().split("/").pop();
    await shot(page, "2-drawn");
  });
  await step("run and watch all three nodes succeed", async () => {
    await startRun(page);
    await waitForStatus(page, "http_request_1", "running");
    await shot(page, "3-mid-run");
    for (const id of ["trigger_manual_1", "http_request_1", "transform_set_1"]) {
      await waitForStatus(page, id, "succeeded");
    }
    await page
      .locator('[data-testid="run-panel"][data-run-status="completed"]')
      .waitFor({ timeout: TIMEOUT });
    await shot(page, "4-succeeded");
  });
  await step("read the transform's output", async () => {
    await node(page, "transform_set_1").click();
    const output = page.getByTestId("node-output");
    await output.waitFor();
    result.transformOutput = JSON.parse(await output.innerText());
    result.runId = (await page.getByRole("link", { name: "Run page" }).getAttribute("href")).split("/").pop();
    result.temporalUrl = await page.getByRole("link", { name: /Temporal UI/ }).getAttribute("href");
  });
  return result;
}

async function serverErrorAndFailingNode(page) {
  const result = {};
  await step("a server 422 lands on the node and field", async () => {
    await selectNode(page, "http_request_1");
    // Client validation skips expressions; the server knows this node is not upstream.
    await page.locator("#f-http_request_1-config-url").fill("{{ nodes.transform_set_1.output.status }}");
    await save(page);
    const error = page.locator(
      '[data-testid="properties"][data-node-id="http_request_1"] [data-field="config.url"] .field-error',
    );
    await error.waitFor({ timeout: TIMEOUT });
    result.serverError = await error.innerText();
    result.nodeFlagged = await node(page, "http_request_1").locator(".wf-node-problems").count();
    await shot(page, "5-server-422");
  });
  await step("point the HTTP node at a 404 and save", async () => {
    await page.locator("#f-http_request_1-config-url").fill(opts["missing-url"]);
    result.errorClearedOnEdit = (await page.locator('[data-field="config.url"] .field-error').count()) === 0;
    await save(page);
    await page.getByText("Saved version 2").waitFor({ timeout: TIMEOUT });
  });
  await step("run: the HTTP node fails and shows its error", async () => {
    await startRun(page);
    await waitForStatus(page, "http_request_1", "failed");
    await page.locator('[data-testid="run-panel"][data-run-status="failed"]').waitFor({ timeout: TIMEOUT });
    await node(page, "http_request_1").click();
    const error = page.getByTestId("node-error");
    await error.waitFor();
    result.nodeError = await error.innerText();
    result.runError = await page.getByTestId("run-error").innerText();
    result.downstreamStatus = await node(page, "transform_set_1").getAttribute("data-status");
    await shot(page, "6-failed");
  });
  await step("cancel a run whose HTTP call hangs", async () => {
    await selectNode(page, "http_request_1");
    await page.locator("#f-http_request_1-config-url").fill(opts["slow-url"]);
    await save(page);
    await page.getByText("Saved version 3").waitFor({ timeout: TIMEOUT });
    await startRun(page);
    await waitForStatus(page, "http_request_1", "running");
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page
      .locator('[data-testid="run-panel"][data-run-status="cancelled"]')
      .waitFor({ timeout: TIMEOUT });
    result.cancelledNodeStatus = await node(page, "http_request_1").getAttribute("data-status");
  });
  return result;
}

async function runListAndRunPage(page, runId) {
  const result = {};
  await step("the run list shows both runs", async () => {
    await page.getByRole("link", { name: "Runs", exact: true }).click();
    await page.getByTestId("run-table").waitFor();
    result.listedRuns = await page.getByTestId("run-table").locator("tbody tr").count();
  });
  await step("the run page replays the finished run read-only", async () => {
    await page.goto(`${BASE}/runs/${runId}`);
    await waitForStatus(page, "transform_set_1", "succeeded");
    result.palettePresent = await page.locator(".palette").count();
    result.statuses = await page
      .locator(".wf-node")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    await shot(page, "7-run-page");
  });
  return result;
}

async function manageWorkflows(page, workflowId) {
  const result = {};
  await step("export the workflow as JSON", async () => {
    await page.goto(`${BASE}/workflows/${workflowId}`);
    await node(page, "transform_set_1").waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export" }).click(),
    ]);
    const file = path.join(ARTIFACTS, "exported.sluice.json");
    await download.saveAs(file);
    const exported = JSON.parse(await readFile(file, "utf8"));
    result.exported = {
      name: exported.name,
      nodes: exported.graph.nodes.length,
      edges: exported.graph.edges.length,
    };
    result.exportFile = file;
  });
  await step("version history opens an old version read-only", async () => {
    await page.getByRole("tab", { name: "Versions" }).click();
    await page.getByTestId("versions").getByRole("link", { name: "v1" }).click();
    await page.getByText("Viewing version 1, read-only.").waitFor();
    result.oldVersionUrl = await node(page, "http_request_1").evaluate(() => location.pathname);
    result.oldVersionPalette = await page.locator(".palette").count();
    await selectNode(page, "http_request_1");
    result.oldVersionUrlField = await page.locator("#f-http_request_1-config-url").inputValue();
    await page.getByRole("link", { name: "Back to the latest version" }).click();
    await page.locator(".palette").waitFor();
  });
  await step("import the exported JSON as a new workflow", async () => {
    await page.getByRole("link", { name: "Workflows", exact: true }).click();
    await page.getByTestId("import-file").setInputFiles(result.exportFile);
    await page.waitForURL(
      (url) => url.pathname.startsWith("/workflows/") && !url.pathname.endsWith(workflowId),
    );
    await node(page, "transform_set_1").waitFor();
    result.importedNodes = await page.locator(".react-flow__node").count();
  });
  await step("copy and paste a node, then undo", async () => {
    await node(page, "http_request_1").click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await node(page, "http_request_2").waitFor();
    result.nodesAfterPaste = await page.locator(".react-flow__node").count();
    await page.keyboard.press("Control+z");
    await node(page, "http_request_2").waitFor({ state: "detached" });
    result.nodesAfterUndoPaste = await page.locator(".react-flow__node").count();
  });
  await step("rename, duplicate and delete in the list", async () => {
    await page.getByRole("link", { name: "Workflows", exact: true }).click();
    const table = page.getByTestId("workflow-table");
    await table.waitFor();
    const imported = table.locator("tbody tr").first();
    await imported.getByRole("button", { name: "Rename" }).click();
    await imported.getByLabel("New name").fill("Imported orders");
    await imported.getByRole("button", { name: "Save" }).click();
    await table.getByRole("link", { name: "Imported orders" }).waitFor();
    await table
      .locator("tbody tr", { hasText: "Imported orders" })
      .getByRole("button", { name: "Duplicate" })
      .click();
    const copy = table.locator("tbody tr", { hasText: "Copy of Imported orders" });
    await copy.waitFor();
    result.afterDuplicate = await table.locator("tbody tr").count();
    await copy.getByRole("button", { name: "Delete" }).click();
    await copy.waitFor({ state: "detached" });
    result.afterDelete = await table.locator("tbody tr").count();
    result.names = await table.locator("tbody tr td:first-child a").allInnerTexts();
    await shot(page, "8-workflows");
  });
  return result;
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  let failed = null;
  try {
    const page = await openPage(browser, report.errors);
    page.on("dialog", (dialog) => void dialog.accept());
    report.scenarios.happyPath = await drawSaveAndRun(page);
    report.scenarios.failingNode = await serverErrorAndFailingNode(page);
    report.scenarios.runs = await runListAndRunPage(page, report.scenarios.happyPath.runId);
    report.scenarios.manage = await manageWorkflows(page, report.scenarios.happyPath.workflowId);
  } catch (error) {
    failed = `step "${currentStep}" failed: ${error instanceof Error ? error.message : String(error)}`;
    try {
      const [page] = browser.contexts().flatMap((c) => c.pages());
      if (page) await shot(page, "failure");
    } catch {
      // the screenshot is a bonus; the failure is what matters
    }
  } finally {
    await browser.close();
  }
  report.failed = failed;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(failed ? 1 : 0);
}

await main();
