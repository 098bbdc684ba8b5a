import * as fs from 'fs';
import * as path from 'path';

import { CHROMIUM_PATH, chromiumAvailable, renderGraph } from './browser';
import { PROJECT_ROOT } from './collect';

/**
 * `npm run graph:screenshot`: renders the page `npm run graph` wrote in
 * headless Chromium and saves a PNG.
 *
 *   npm run graph:screenshot                                   # .j1-integration/graph.png
 *   npm run graph:screenshot -- --out docs/images/graph.png
 *   npm run graph:screenshot -- --html .j1-integration/types-graph/index.html
 *
 * The README's picture is made from a small demo tenant:
 *   npm run demo -- --users 20 --clients 6 && npm run graph &&
 *   npm run graph:screenshot -- --out docs/images/graph.png
 */

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return path.resolve(
    PROJECT_ROOT,
    index < 0 ? fallback : process.argv[index + 1],
  );
}

async function main(): Promise<void> {
  const html = option('html', '.j1-integration/index.html');
  const out = option('out', '.j1-integration/graph.png');
  if (!fs.existsSync(html)) {
    throw new Error(
      `${html} does not exist: run npm run demo, then npm run graph`,
    );
  }
  if (!chromiumAvailable()) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
  }
  console.log(
    `Rendering ${path.relative(process.cwd(), html)} (a graph of thousands of nodes takes a few minutes to lay out)`,
  );
  const render = await renderGraph(html, {
    screenshotPath: out,
    loadTimeoutMs: 600_000,
  });
  for (const [type, count] of Object.entries(render.nodes)) {
    console.log(
      `  ${type.padEnd(28)} ${String(count).padStart(7)} nodes, ${render.drawnNodes[type] ?? 0} visible`,
    );
  }
  console.log(`  edges ${render.edges}`);
  for (const error of render.errors) console.error(`page error: ${error}`);
  console.log(`Saved ${path.relative(process.cwd(), out)}`);
  const empty = Object.keys(render.nodes).filter(
    (type) => !render.drawnNodes[type],
  );
  if (render.errors.length > 0 || empty.length > 0) {
    console.error(`No node drawn for: ${empty.join(', ') || '(none)'}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
