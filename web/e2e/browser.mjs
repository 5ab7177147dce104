/** Headless Debian Chromium through playwright-core: no browser download, no network. */
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const VIEWPORT = { width: 1280, height: 800 };

export function launchChromium(executablePath = process.env.SLUICE_CHROMIUM || "/usr/bin/chromium") {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page at 1280x800 that collects uncaught errors and console errors. Pass a context (from
 * `browser.newContext({ viewport: VIEWPORT })`) for several tabs sharing one session.
 */
export async function openPage(browserOrContext, errors) {
  const page =
    "newContext" in browserOrContext
      ? await browserOrContext.newPage({ viewport: VIEWPORT })
      : await browserOrContext.newPage();
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // A 4xx the app handles still logs "Failed to load resource"; that is not an app error.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return page;
}
