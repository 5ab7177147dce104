#!/usr/bin/env node
/**
 * "New workflow" end to end, in headless Chromium against a real API:
 *   0. sign in (the account, with one SMTP credential, is made by the caller);
 *   1. the dialog opens on the search box, Escape closes it and gives focus back;
 *   2. searching narrows the template list; a template whose credential the workspace lacks
 *      says so and cannot be used yet; one whose credential exists is created and opens in
 *      the editor with its nodes; one that needs none is created at once;
 *   3. "Import from n8n": a broken export's 422 names the field; a good one (chosen as a file)
 *      previews its report (node, type, status, message) and credentials, then imports and opens.
 *
 * Usage: node e2e/new-workflow.e2e.mjs --base-url URL --email EMAIL --password PASSWORD
 *          --search TEXT --template ID --missing-template ID --free-search TEXT --free-template ID
 *          --n8n-file PATH --bad-n8n-file PATH
 *          [--artifacts DIR]
 * Prints one JSON line with what it saw; exits 1 when a step fails.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { launchChromium, openPage, VIEWPORT } from "./browser.mjs";

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    search: { type: "string" },
    template: { type: "string" },
    "missing-template": { type: "string" },
    "free-search": { type: "string" },
    "free-template": { type: "string" },
    "n8n-file": { type: "string" },
    "bad-n8n-file": { type: "string" },
    artifacts: { type: "string", default: "test-artifacts/new-workflow" },
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

const dialog = (page) => page.getByRole("dialog", { name: /new workflow|import from n8n|use a template/i });

async function openDialog(page) {
  await page.goto(`${BASE}/workflows`);
  await page.getByRole("button", { name: "New workflow" }).click();
  await dialog(page).waitFor();
}

/** Template ids listed once the list has settled on `text`. */
async function listedTemplates(page, text) {
  const count = page.getByTestId("template-count");
  await page.waitForFunction(
    ([el, q]) =>
      !el.textContent.startsWith("Searching") &&
      (q === "" ? !el.textContent.includes("matching") : el.textContent.includes(`“${q}”`)),
    [await count.elementHandle(), text.trim().replace(/\s+/g, " ")],
    { timeout: TIMEOUT },
  );
  const ids = await page
    .locator("#template-list > li")
    .evaluateAll((items) => items.map((li) => li.dataset.testid.replace(/^template-/, "")));
  return { ids, caption: (await count.innerText()).trim() };
}

async function signIn(page) {
  await step("sign in", async () => {
    await page.goto(`${BASE}/`);
    await page.getByLabel("Email").fill(opts.email);
    await page.getByLabel("Password").fill(opts.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Workflows", exact: true }).waitFor({ timeout: TIMEOUT });
  });
}

async function templates(page) {
  const result = {};
  await step("open the dialog from the keyboard; Escape closes it", async () => {
    await page.getByRole("button", { name: "New workflow" }).focus();
    await page.keyboard.press("Enter");
    await dialog(page).waitFor();
    result.focusedOnOpen = await page.evaluate(() => document.activeElement?.id ?? null);
    result.blankHref = await dialog(page)
      .getByRole("link", { name: /blank workflow/i })
      .getAttribute("href");
    // Tab stays inside: Shift+Tab from the first control (Close) lands on the last one.
    await dialog(page).getByRole("button", { name: "Close" }).focus();
    await page.keyboard.press("Shift+Tab");
    result.focusTrapped = await page.evaluate(() =>
      Boolean(document.activeElement?.closest('[role="dialog"]')),
    );
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "detached" });
    result.focusedAfterClose = await page.evaluate(() => document.activeElement?.textContent ?? null);
  });
  await step("search narrows the template list", async () => {
    await openDialog(page);
    result.all = await listedTemplates(page, "");
    await shot(page, "1-templates");
    await page.getByLabel("Search templates").fill(opts.search);
    result.searched = await listedTemplates(page, opts.search);
    await shot(page, "2-searched");
    const card = page.getByTestId(`template-${opts.template}`);
    result.card = {
      name: (await card.locator("h5").innerText()).trim(),
      tags: await card.getByRole("list", { name: "Tags" }).locator("li").allInnerTexts(),
      credentials: (await card.locator(".template-credentials").innerText()).trim(),
    };
  });
  await step("a template whose credential is missing says so", async () => {
    await page.getByLabel("Search templates").fill("");
    await listedTemplates(page, "");
    await page.getByTestId(`template-${opts["missing-template"]}`).getByRole("button").click();
    const missing = page.locator('[data-missing="true"]');
    await missing.first().waitFor();
    result.missing = {
      text: (await missing.first().innerText()).trim(),
      setUp: (await page.getByTestId("template-set-up").innerText()).trim(),
      createDisabled: await page.getByRole("button", { name: "Create workflow" }).isDisabled(),
      focused: await page.evaluate(() => document.activeElement?.textContent ?? null),
    };
    await shot(page, "3-missing-credential");
    await page.getByRole("button", { name: "Back" }).click();
  });
  await step("create from a template: it opens in the editor with its nodes", async () => {
    await page.getByLabel("Search templates").fill(opts.search);
    await listedTemplates(page, opts.search);
    await page.getByRole("button", { name: `Use template ${result.card.name}` }).click();
    const create = page.getByRole("button", { name: "Create workflow" });
    await create.waitFor();
    const select = dialog(page).getByRole("combobox");
    result.chosenCredential = await select.inputValue();
    result.credentialLabel = (await dialog(page).locator(".field > label").first().innerText()).trim();
    await create.click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/, { timeout: TIMEOUT });
    await page.locator(".react-flow__node").first().waitFor({ timeout: TIMEOUT });
    result.workflowId = page.url().split("/").pop();
    result.nodeIds = await page
      .locator(".react-flow__node")
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.id).sort());
    await shot(page, "4-from-template");
  });
  await step("a template that needs no credential is created at once", async () => {
    await openDialog(page);
    await page.getByLabel("Search templates").fill(opts["free-search"]);
    await listedTemplates(page, opts["free-search"]);
    await page.getByTestId(`template-${opts["free-template"]}`).getByRole("button").click();
    await page.waitForURL(
      (url) =>
        !url.pathname.endsWith(`/${result.workflowId}`) && /\/workflows\/[0-9a-f-]{36}$/.test(url.pathname),
      {
        timeout: TIMEOUT,
      },
    );
    await page.locator(".react-flow__node").first().waitFor({ timeout: TIMEOUT });
    result.free = {
      workflowId: page.url().split("/").pop(),
      nodeIds: await page
        .locator(".react-flow__node")
        .evaluateAll((nodes) => nodes.map((n) => n.dataset.id).sort()),
    };
  });
  return result;
}

async function importN8n(page) {
  const result = {};
  await step("open Import from n8n", async () => {
    await openDialog(page);
    await dialog(page)
      .getByRole("button", { name: /import from n8n/i })
      .click();
    await page.getByLabel("n8n workflow JSON").waitFor();
    result.focusedOnOpen = await page.evaluate(() => document.activeElement?.id ?? null);
    result.importDisabledBeforePreview = await page
      .getByRole("button", { name: "Import", exact: true })
      .isDisabled();
  });
  await step("a broken export's 422 names the field", async () => {
    await page.getByLabel("n8n workflow JSON").fill(await readFile(opts["bad-n8n-file"], "utf8"));
    await page.getByRole("button", { name: "Preview" }).click();
    const problems = page.getByTestId("n8n-problems");
    await problems.waitFor({ timeout: TIMEOUT });
    result.problems = await problems.locator("li").allInnerTexts();
    result.textareaInvalid = await page.getByLabel("n8n workflow JSON").getAttribute("aria-invalid");
    await shot(page, "5-n8n-422");
  });
  await step("not JSON at all is caught before sending", async () => {
    await page.getByLabel("n8n workflow JSON").fill("{ nodes: ");
    await page.getByRole("button", { name: "Preview" }).click();
    result.notJson = (await page.getByTestId("n8n-problems").innerText()).trim();
  });
  await step("choose a file and preview the report", async () => {
    await page.getByLabel("Or choose a .json file").setInputFiles(opts["n8n-file"]);
    await page.waitForFunction(() => document.querySelector("#n8n-export")?.value.includes('"nodes"'), null, {
      timeout: TIMEOUT,
    });
    await page.getByRole("button", { name: "Preview" }).click();
    const table = page.getByTestId("n8n-report");
    await table.waitFor({ timeout: TIMEOUT });
    result.rows = await table.locator("tbody tr").evaluateAll((rows) =>
      rows.map((tr) => {
        const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent.trim());
        return { node: cells[0], type: cells[1], status: cells[2], message: cells[3] };
      }),
    );
    result.headers = await table.locator("thead th").allInnerTexts();
    result.summary = (await page.getByTestId("n8n-summary").innerText()).trim();
    const creds = page.getByTestId("n8n-credentials");
    result.credentials = (await creds.count()) ? await creds.locator("li").allInnerTexts() : [];
    await shot(page, "6-n8n-preview");
  });
  await step("import: the workflow opens in the editor", async () => {
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/, { timeout: TIMEOUT });
    await page.locator(".react-flow__node").first().waitFor({ timeout: TIMEOUT });
    result.workflowId = page.url().split("/").pop();
    result.nodeIds = await page
      .locator(".react-flow__node")
      .evaluateAll((nodes) => nodes.map((n) => n.dataset.id).sort());
    await shot(page, "7-n8n-imported");
  });
  return result;
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  let failed = null;
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await openPage(context, report.errors);
    await signIn(page);
    report.scenarios.templates = await templates(page);
    report.scenarios.n8n = await importN8n(page);
  } catch (error) {
    failed = `step "${currentStep}" failed: ${error instanceof Error ? error.message : String(error)}`;
    try {
      for (const [i, page] of browser
        .contexts()
        .flatMap((c) => c.pages())
        .entries()) {
        await shot(page, i ? `failure-tab-${i}` : "failure");
      }
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
