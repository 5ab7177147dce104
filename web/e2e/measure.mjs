#!/usr/bin/env node
/**
 * Two figures of the editor: the gzip size of the built bundle (web/dist), and the time from
 * navigation to the first frame showing all nodes of a 100-node workflow, in headless Chromium
 * (also from the workflow's GET answer to that frame: the rendering alone).
 *
 * Usage: node e2e/measure.mjs --base-url URL --email E --password P [--loads 7] [--screenshot FILE]
 * (the account is created if it does not exist). Prints one JSON line.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launchChromium, openPage } from "./browser.mjs";

const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    loads: { type: "string", default: "7" },
    nodes: { type: "string", default: "100" },
    screenshot: { type: "string" },
  },
});
const BASE = opts["base-url"];
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");

async function bundleSizes() {
  const assets = await readdir(path.join(DIST, "assets"));
  const files = ["index.html", ...assets.map((a) => path.join("assets", a))];
  const sizes = {};
  for (const file of files) {
    const bytes = await readFile(path.join(DIST, file));
    sizes[file] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  const total = Object.values(sizes).reduce((sum, s) => sum + s.gzip, 0);
  const js = Object.entries(sizes)
    .filter(([f]) => f.endsWith(".js"))
    .reduce((sum, [, s]) => sum + s.gzip, 0);
  return { files: sizes, gzipTotalBytes: total, gzipJsBytes: js };
}

async function api(method, url, body, token) {
  const response = await fetch(`${BASE}${url}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** A trigger fanning out into layers of no-op nodes, each linked to one node of the previous layer. */
export function bigGraph(count) {
  const nodes = [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, data: { label: "Start", config: {} } },
  ];
  const edges = [];
  const perLayer = 10;
  for (let i = 1; i < count; i += 1) {
    const layer = Math.ceil(i / perLayer);
    const row = (i - 1) % perLayer;
    const id = `step_${i}`;
    nodes.push({
      id,
      type: "util.noop",
      position: { x: layer * 300, y: row * 100 },
      data: { label: `Step ${i}`, config: { value: i } },
    });
    const parent = layer === 1 ? "start" : `step_${i - perLayer}`;
    edges.push({ id: `e${i}`, source: parent, sourceHandle: "out", target: id, targetHandle: "in" });
  }
  return { nodes, edges };
}

async function signIn() {
  await api("POST", "/api/auth/register", { email: opts.email, password: opts.password });
  const login = await api("POST", "/api/auth/login", { email: opts.email, password: opts.password });
  if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.json)}`);
  return login.json;
}

async function renderTimes(tokens, workflowId, count, loads) {
  const browser = await launchChromium();
  const errors = [];
  const times = [];
  const renderOnly = [];
  try {
    const session = JSON.stringify({
      tokens: { access: tokens.access_token, refresh: tokens.refresh_token },
      workspaceId: null,
    });
    for (let i = 0; i < loads; i += 1) {
      const page = await openPage(browser, errors);
      await page.addInitScript(
        ([stored, expected]) => {
          localStorage.setItem("sluice.session", stored);
          const check = () => {
            const shown = [...document.querySelectorAll(".react-flow__node")].filter(
              (n) => n.style.visibility !== "hidden",
            );
            if (shown.length >= expected) window.__sluiceRendered = performance.now();
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        },
        [session, count],
      );
      await page.goto(`${BASE}/workflows/${workflowId}`);
      await page.waitForFunction(() => window.__sluiceRendered !== undefined, null, { timeout: 30_000 });
      const timing = await page.evaluate((id) => {
        const fetched = performance
          .getEntriesByType("resource")
          .find((e) => e.name.endsWith(`/api/workflows/${id}`));
        return { rendered: window.__sluiceRendered, fetched: fetched?.responseEnd ?? 0 };
      }, workflowId);
      times.push(Math.round(timing.rendered));
      renderOnly.push(Math.round(timing.rendered - timing.fetched));
      if (opts.screenshot && i === loads - 1) await page.screenshot({ path: opts.screenshot });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { times, renderOnly, errors };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const count = Number(opts.nodes);
  const bundle = await bundleSizes();
  const tokens = await signIn();
  const created = await api(
    "POST",
    "/api/workflows",
    { name: `${count}-node render`, graph: bigGraph(count) },
    tokens.access_token,
  );
  if (created.status !== 201)
    throw new Error(`could not save the ${count}-node workflow: ${JSON.stringify(created.json)}`);
  const { times, renderOnly, errors } = await renderTimes(tokens, created.json.id, count, Number(opts.loads));
  const report = {
    bundle,
    firstRender: {
      nodes: count,
      coldMs: times[0],
      warmMedianMs: median(times.slice(1)),
      allMs: times,
      /** From the workflow's GET answer to the frame with every node drawn. */
      afterFetchMedianMs: median(renderOnly),
    },
    errors,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ failed: String(error?.stack ?? error) })}\n`);
  process.exit(1);
});
