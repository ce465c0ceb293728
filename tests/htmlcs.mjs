// HTML_CodeSniffer through pa11y on many pages with one browser.
// Reads {"options": pa11y options with chromeLaunchConfig, "urls": [...]} on stdin;
// writes one JSON array of {url, issues} on stdout.
import pa11y from "pa11y";
import puppeteer from "puppeteer";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { options, urls } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
// One Chromium for every page: launching one per page would cost more than the checks.
const browser = await puppeteer.launch(options.chromeLaunchConfig);
try {
  const results = [];
  for (const url of urls) {
    const page = await browser.newPage();
    // As a reader may ask: the theme then runs no transition, so nothing is checked
    // halfway through a fade.
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    try {
      const result = await pa11y(url, { ...options, browser, page });
      results.push({ url, issues: result.issues });
    } finally {
      await page.close();
    }
  }
  process.stdout.write(JSON.stringify(results));
} finally {
  await browser.close();
}
