// Debian's chromium driven by playwright-core: the tests never download a
// browser.
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { OUTPUT } from "./app.mjs";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page that fails the test on any script error and on any request that
 * leaves the app's origin (the tests have no network). */
export async function newPage(browser, appUrl, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale: "fr-FR" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    // The API's refusals (401, 404, 410…) are logged by the browser; the
    // tests check what the page says about them.
    if (message.type() === "error" && !/status of 4\d\d/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(appUrl) || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    problems.push(`request outside the app: ${url}`);
    return route.abort();
  });
  page.problems = problems;
  return page;
}

/** Waits until React drew the layout: its skip links, the first thing a
 * Tab reaches, are on the page and visible once focused. A key pressed
 * earlier lands on <body>. */
export async function skipLinksReady(page) {
  await page.locator(".fr-skiplinks a").first().waitFor({ state: "attached" });
}

/** axe-core on the page as it is: no violation of serious or critical
 * impact. Returns the violations of lesser impact, for the record. */
export async function checkAccessibility(page, name) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    blocking.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `accessibility violations on ${name}`,
  );
  return results.violations;
}

export async function screenshot(page, name) {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}
