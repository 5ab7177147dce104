#!/usr/bin/env node
/**
 * The editor end to end, in headless Chromium against a real API, worker and Temporal:
 *   0. create an account on the sign-in page;
 *   1. draw trigger → http.request → transform.set from the palette, connect, fill the forms
 *      (one field through the expression helper), save, run: all three nodes succeed;
 *   2. a server 422 lands on the right field; then the HTTP node gets a 404 and shows why;
 *      then a slow peer's run is cancelled from the run panel;
 *   3. the run list and the read-only run page show the finished run;
 *   4. export, import, copy/paste, version history, rename, duplicate and delete;
 *   5. a credential is created with a secret, then renamed keeping it: the secret never
 *      appears in the page, its inputs or storage after saving;
 *   6. an approval node waits (the node shows waiting), the run list shows the run live (the
 *      workspace WebSocket), the approval is approved from the inbox page, the next node shows
 *      retrying after a 503, and the run finishes live over the run's WebSocket (no polling
 *      fallback); a stale approval page shows the 409;
 *   7. with the run WebSocket blocked, updates arrive by polling; cancel, then retry from the
 *      failed node;
 *   8. the dashboard counts every run started above (once the API's run recorder has written
 *      their outcomes) and lists the first workflow; its screenshot also goes to web/docs/.
 *
 * Usage: node e2e/editor.e2e.mjs --base-url URL --ok-url URL --missing-url URL --slow-url URL
 *          --secured-url URL --secret TOKEN --email NEW_EMAIL --password PASSWORD [--artifacts DIR]
 * Prints one JSON line with what it saw; exits 1 when a step fails.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, openPage, VIEWPORT } from "./browser.mjs";

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    "ok-url": { type: "string" },
    "missing-url": { type: "string" },
    "slow-url": { type: "string" },
    "secured-url": { type: "string" },
    secret: { type: "string" },
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
/** Runs started through the UI (run dialog and retry), for the dashboard to count. */
let runsStarted = 0;

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
  runsStarted += 1;
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
    result.live = await liveFigures(page, ["http_request_1", "transform_set_1"]);
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

/** Which transport delivered each node's status, and how the run panel got its updates. */
async function liveFigures(page, nodeIds) {
  const panel = page.getByTestId("run-panel");
  const updatedBy = {};
  for (const id of nodeIds) updatedBy[id] = await node(page, id).getAttribute("data-updated-by");
  return {
    updatedBy,
    transport: await panel.getAttribute("data-transport"),
    fallbackPolls: Number(await panel.getAttribute("data-fallback-polls")),
  };
}

/** Everything a secret could leak into: the markup, every field's value, and storage. */
async function pageHolds(page, text) {
  return page.evaluate((needle) => {
    const values = [...document.querySelectorAll("input, textarea, select")].map((el) => el.value);
    const storage = [localStorage, sessionStorage].flatMap((s) =>
      Object.keys(s).map((k) => `${k}=${s.getItem(k)}`),
    );
    return [document.documentElement.outerHTML, document.body.innerText, ...values, ...storage].some(
      (chunk) => chunk.includes(needle),
    );
  }, text);
}

async function credentials(page) {
  const result = {};
  const secret = opts.secret;
  await step("the credentials page starts empty", async () => {
    await page.getByRole("link", { name: "Credentials", exact: true }).click();
    await page.getByText("No credentials yet").waitFor({ timeout: TIMEOUT });
  });
  await step("create a bearer-token credential with a secret", async () => {
    await page.getByRole("button", { name: "New credential" }).click();
    const editor = page.getByTestId("credential-editor");
    await editor.getByLabel("Type").selectOption({ label: "HTTP bearer token" });
    await editor.getByLabel("Name").fill("Peer token");
    const token = editor.locator("#f-credential-data-token");
    result.secretInputType = await token.getAttribute("type");
    await token.fill(secret);
    await shot(page, "9-credential-form");
    await editor.getByRole("button", { name: "Create credential" }).click();
    await editor.waitFor({ state: "detached", timeout: TIMEOUT });
    const row = page.getByTestId("credential-table").locator("tbody tr", { hasText: "Peer token" });
    await row.waitFor();
    result.credentialId = await row.getAttribute("data-credential-id");
    result.fieldsSet = (await row.getByTestId("fields-set").innerText()).trim();
    result.secretInPageAfterCreate = await pageHolds(page, secret);
  });
  await step("edit: the secret stays write-only and is kept when left empty", async () => {
    const row = page.getByTestId(`credential-${result.credentialId}`);
    await row.getByRole("button", { name: "Edit" }).click();
    const editor = page.getByTestId("credential-editor");
    const token = editor.locator("#f-credential-data-token");
    result.editTokenValue = await token.inputValue();
    result.editTokenPlaceholder = await token.getAttribute("placeholder");
    await editor.getByLabel("Name").fill("Peer token (prod)");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await editor.waitFor({ state: "detached", timeout: TIMEOUT });
    await page.getByTestId("credential-table").getByText("Peer token (prod)").waitFor();
    result.secretInPageAfterEdit = await pageHolds(page, secret);
    await page.reload();
    await page.getByTestId("credential-table").waitFor();
    result.secretInPageAfterReload = await pageHolds(page, secret);
    await shot(page, "10-credentials");
  });
  return result;
}

/** trigger → approval (a form) → HTTP call with the credential, when approved. */
function approvalWorkflow(credentialId) {
  return {
    name: "Refunds",
    description: "A person approves each refund",
    graph: {
      nodes: [
        {
          id: "start",
          type: "trigger.manual",
          position: { x: 0, y: 0 },
          data: { label: "Start", config: {} },
        },
        {
          id: "ask",
          type: "human.approval",
          position: { x: 320, y: 0 },
          data: {
            label: "Ask finance",
            config: {
              title: "Refund 42 EUR?",
              instructions: "Check the order, then decide.",
              form_schema: {
                type: "object",
                required: ["reason"],
                properties: { reason: { type: "string", minLength: 3, title: "Reason" } },
              },
            },
          },
        },
        {
          id: "call",
          type: "http.request",
          position: { x: 640, y: 0 },
          data: {
            label: "Tell the shop",
            // The peer answers 503 first: a wide backoff keeps the node visibly retrying.
            retry: { max_attempts: 3, initial_interval_seconds: 3 },
            config: {
              method: "GET",
              url: opts["secured-url"],
              credential_id: credentialId,
              query: { reason: "{{ nodes.ask.output.form.reason }}" },
            },
          },
        },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "ask", targetHandle: "in" },
        { id: "e2", source: "ask", sourceHandle: "approved", target: "call", targetHandle: "in" },
      ],
    },
  };
}

async function approvals(context, page, credentialId) {
  const result = {};
  let runs, inbox, stale;
  await step("import a workflow with an approval node", async () => {
    const file = path.join(ARTIFACTS, "refunds.sluice.json");
    await writeFile(file, JSON.stringify(approvalWorkflow(credentialId)));
    await page.getByRole("link", { name: "Workflows", exact: true }).click();
    await page.getByTestId("import-file").setInputFiles(file);
    await node(page, "ask").waitFor({ timeout: TIMEOUT });
    result.workflowId = page.url().split("/").pop();
  });
  await step("a second tab shows the run list", async () => {
    runs = await openPage(context, report.errors);
    await runs.goto(`${BASE}/runs`);
    await runs.getByTestId("run-table").waitFor({ timeout: TIMEOUT });
  });
  await step("run: the approval node waits, live", async () => {
    await startRun(page);
    await waitForStatus(page, "ask", "waiting");
    result.waitingNodeText = await node(page, "ask").locator(".wf-node-state").innerText();
    result.runId = (await page.getByRole("link", { name: "Run page" }).getAttribute("href")).split("/").pop();
    await node(page, "ask").click();
    await page.locator(".approval-link a").waitFor({ timeout: TIMEOUT });
    result.approvalHref = await page.locator(".approval-link a").getAttribute("href");
    await page.getByTestId("approvals-badge").waitFor({ timeout: TIMEOUT });
    result.badge = Number(await page.getByTestId("approvals-badge").getAttribute("data-count"));
    await shot(page, "11-approval-waiting");
  });
  await step("the run list shows the new run without a reload", async () => {
    const row = runs.getByTestId(`run-row-${result.runId}`);
    await row.waitFor({ timeout: TIMEOUT });
    result.listedLive = await row.getAttribute("data-status");
    result.liveRefreshes = Number(await runs.getByTestId("run-table").getAttribute("data-live-refreshes"));
  });
  await step("a third tab opens the approval and leaves it open", async () => {
    stale = await openPage(context, report.errors);
    await stale.goto(`${BASE}${result.approvalHref}`);
    await stale.getByTestId("decision-form").waitFor({ timeout: TIMEOUT });
  });
  await step("the inbox lists it; its page needs the form to approve", async () => {
    inbox = await openPage(context, report.errors);
    await inbox.goto(`${BASE}/`);
    await inbox.getByRole("link", { name: /^Approvals/ }).click();
    const table = inbox.getByTestId("approval-table");
    await table.waitFor({ timeout: TIMEOUT });
    const row = table.locator("tbody tr", { hasText: "Refund 42 EUR?" });
    result.inboxRow = {
      who: (await row.locator("td").nth(1).innerText()).trim(),
      expires: (await row.locator("td").nth(2).innerText()).trim(),
      runLink: await row.getByRole("link", { name: /^run / }).getAttribute("href"),
    };
    await shot(inbox, "12-inbox");
    await row.getByRole("link", { name: "Refund 42 EUR?" }).click();
    await inbox.getByTestId("decision-form").waitFor();
    result.instructions = await inbox.getByTestId("approval-instructions").innerText();
    await inbox.getByRole("button", { name: "Approve" }).click();
    result.requiredError = await inbox.locator('[data-field="form.reason"] .field-error').innerText();
  });
  await step("approve with a reason and a comment", async () => {
    await inbox.getByLabel("Reason").fill("customer is right");
    await inbox.getByLabel("Comment").fill("refund approved");
    await shot(inbox, "13-approval-form");
    await inbox.getByRole("button", { name: "Approve" }).click();
    await inbox.getByTestId("approval-outcome").waitFor({ timeout: TIMEOUT });
    result.decidedBy = await inbox.getByTestId("approval-decided-by").innerText();
    result.approvalStatus = await inbox.getByTestId("approval-page").getAttribute("data-status");
  });
  await step("the HTTP node retries after a 503, shown live", async () => {
    await waitForStatus(page, "call", "retrying");
    result.retrying = {
      attempt: await node(page, "call").getAttribute("data-attempt"),
      state: await node(page, "call").locator(".wf-node-state").innerText(),
      lastError: await page.getByTestId("node-call-last-error").innerText(),
      updatedBy: await node(page, "call").getAttribute("data-updated-by"),
    };
    await shot(page, "14-retrying");
  });
  await step("the run finishes live over the WebSocket", async () => {
    await waitForStatus(page, "call", "succeeded");
    await page
      .locator('[data-testid="run-panel"][data-run-status="completed"]')
      .waitFor({ timeout: TIMEOUT });
    result.statuses = await page
      .locator(".wf-node")
      .evaluateAll((els) => els.map((e) => [e.getAttribute("data-testid"), e.getAttribute("data-status")]));
    result.live = await liveFigures(page, ["ask", "call"]);
    await shot(page, "15-approved-run");
  });
  await step("the run list flips the run to completed, live", async () => {
    await runs
      .locator(`[data-testid="run-row-${result.runId}"][data-status="completed"]`)
      .waitFor({ timeout: TIMEOUT });
    result.finishedLive = true;
  });
  await step("the stale approval page shows why it cannot decide any more", async () => {
    await stale.getByRole("button", { name: "Reject" }).click();
    const refusal = stale.getByTestId("decision-refusal");
    await refusal.waitFor({ timeout: TIMEOUT });
    result.refusal = { status: await refusal.getAttribute("data-status"), text: await refusal.innerText() };
    await shot(stale, "16-approval-409");
    await stale.getByRole("button", { name: "Show its current state" }).click();
    await stale.getByTestId("approval-outcome").waitFor({ timeout: TIMEOUT });
  });
  await step("the badge is gone once nothing waits", async () => {
    await page.getByTestId("approvals-badge").waitFor({ state: "detached", timeout: TIMEOUT });
  });
  for (const tab of [runs, inbox, stale]) await tab.close();
  return result;
}

async function pollingFallback(context, workflowId) {
  const result = {};
  const tab = await openPage(context, report.errors);
  try {
    await step("with the run WebSocket refused, a run is followed by polling", async () => {
      await tab.routeWebSocket(/\/api\/runs\/[^/]+\/events$/, (ws) =>
        ws.close({ code: 1011, reason: "blocked" }),
      );
      await tab.goto(`${BASE}/workflows/${workflowId}`);
      await node(tab, "http_request_1").waitFor({ timeout: TIMEOUT });
      await startRun(tab);
      await waitForStatus(tab, "http_request_1", "running");
      await tab.waitForFunction(
        () =>
          Number(document.querySelector('[data-testid="run-panel"]')?.getAttribute("data-fallback-polls")) >
          0,
      );
      result.running = await liveFigures(tab, ["http_request_1"]);
      await tab.getByRole("button", { name: "Cancel run" }).click();
      await tab
        .locator('[data-testid="run-panel"][data-run-status="cancelled"]')
        .waitFor({ timeout: TIMEOUT });
      result.cancelled = await liveFigures(tab, ["http_request_1"]);
    });
    await step("retry from the failed node starts a new run", async () => {
      const firstRun = await tab.getByRole("link", { name: "Run page" }).getAttribute("href");
      await tab.getByRole("button", { name: "Retry from failed node" }).click();
      await tab.waitForFunction(
        (before) =>
          [...document.querySelectorAll("a")].some(
            (a) => a.textContent === "Run page" && a.getAttribute("href") !== before,
          ),
        firstRun,
      );
      runsStarted += 1;
      await waitForStatus(tab, "http_request_1", "running");
      result.retry = {
        firstRun: firstRun.split("/").pop(),
        secondRun: (await tab.getByRole("link", { name: "Run page" }).getAttribute("href")).split("/").pop(),
        triggerStatus: await node(tab, "trigger_manual_1").getAttribute("data-status"),
      };
      await shot(tab, "17-retry-polling");
      await tab.getByRole("button", { name: "Cancel run" }).click();
      await tab
        .locator('[data-testid="run-panel"][data-run-status="cancelled"]')
        .waitFor({ timeout: TIMEOUT });
    });
  } finally {
    await tab.close();
  }
  return result;
}

async function dashboard(page, workflowId) {
  const result = { runsStarted };
  await step("the dashboard counts the runs and lists the workflow", async () => {
    await page.getByRole("link", { name: "Dashboard", exact: true }).click();
    const chart = page.getByTestId("runs-chart");
    await chart.waitFor({ timeout: TIMEOUT });
    // The API's run recorder writes outcomes every few seconds: refresh until all are in.
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      result.chartRuns = Number(await chart.getAttribute("data-total-runs"));
      result.chartRunning = Number(await chart.getAttribute("data-running"));
      if ((result.chartRuns >= runsStarted && result.chartRunning === 0) || Date.now() > deadline) break;
      await page.waitForTimeout(1000);
      await page.getByRole("button", { name: "Refresh" }).click();
      await page.locator('[data-testid="dashboard"][data-loading="false"]').waitFor({ timeout: TIMEOUT });
    }
    result.chartBars = await chart.locator("[data-key]").count();
    const row = page.getByTestId("dashboard-workflows").locator(`tr[data-workflow-id="${workflowId}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    result.workflowRow = (await row.locator("td").first().innerText()).trim();
    result.pendingApprovals = Number(await page.getByTestId("pending-approvals").getAttribute("data-count"));
    await shot(page, "18-dashboard");
    await copyFile(
      path.join(ARTIFACTS, "18-dashboard.png"),
      new URL("../docs/dashboard.png", import.meta.url),
    );
  });
  return result;
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  let failed = null;
  try {
    // One context: the tabs of scenario 6 share the session, as a person's tabs do.
    const context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    context.on("page", (tab) => tab.on("dialog", (dialog) => void dialog.accept()));
    const page = await openPage(context, report.errors);
    report.scenarios.happyPath = await drawSaveAndRun(page);
    report.scenarios.failingNode = await serverErrorAndFailingNode(page);
    report.scenarios.runs = await runListAndRunPage(page, report.scenarios.happyPath.runId);
    report.scenarios.manage = await manageWorkflows(page, report.scenarios.happyPath.workflowId);
    report.scenarios.credentials = await credentials(page);
    report.scenarios.approvals = await approvals(context, page, report.scenarios.credentials.credentialId);
    report.scenarios.polling = await pollingFallback(context, report.scenarios.happyPath.workflowId);
    report.scenarios.dashboard = await dashboard(page, report.scenarios.happyPath.workflowId);
  } catch (error) {
    failed = `step "${currentStep}" failed: ${error instanceof Error ? error.message : String(error)}`;
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      for (const [i, page] of pages.entries()) await shot(page, i ? `failure-tab-${i}` : "failure");
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
