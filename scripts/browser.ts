import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';

import { PROJECT_ROOT } from './collect';

/**
 * Opens a `j1-integration visualize` (or `visualize-types`) page in headless
 * Chromium and reports what the vis.js network drew. Used by
 * test/browser.test.ts and `npm run graph:screenshot`.
 *
 * The page loads vis-network from a CDN. Requests to it are answered from
 * the same version in node_modules, and every other network request is
 * refused, so rendering works offline and proves nothing came from outside.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIS_SCRIPT =
  /<script[^>]+src="(https:\/\/unpkg\.com\/vis-network@([\d.]+)\/standalone\/umd\/vis-network\.min\.js)"/;

export function chromiumAvailable(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The CDN script a visualize page loads, and the local copy that answers it. */
export function visNetworkAsset(html: string): { url: string; file: string } {
  const match = VIS_SCRIPT.exec(html);
  if (!match) {
    throw new Error(
      'The page does not load vis-network from unpkg as j1-integration 8.41 writes it; update VIS_SCRIPT in scripts/browser.ts',
    );
  }
  const [, url, version] = match;
  const packageDir = path.join(PROJECT_ROOT, 'node_modules', 'vis-network');
  const installed = JSON.parse(
    fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
  ).version as string;
  if (installed !== version) {
    throw new Error(
      `The page loads vis-network ${version}; node_modules has ${installed}. Install the same version: npm install --save-dev --save-exact vis-network@${version}`,
    );
  }
  return {
    url,
    file: path.join(packageDir, 'standalone', 'umd', 'vis-network.min.js'),
  };
}

export interface GraphRender {
  /** nodes in the page's vis DataSet, by `group` (the entity `_type`) or by id when ungrouped */
  nodes: Record<string, number>;
  edges: number;
  /** nodes whose own fill colour is on the canvas inside their bounding box */
  drawnNodes: Record<string, number>;
  /** canvas pixels that are not transparent */
  paintedPixels: number;
  canvas: { width: number; height: number };
  /** uncaught page errors and console errors */
  errors: string[];
  /** requests refused because they would have left the machine */
  blockedRequests: string[];
}

interface PageResult {
  nodes: Record<string, number>;
  edges: number;
  drawnNodes: Record<string, number>;
  paintedPixels: number;
  canvas: { width: number; height: number };
}

/**
 * Renders a visualize page and measures it. Waits until the layout stops
 * moving (or `settleMs` passes), fits the graph to the viewport, then reads
 * the canvas pixels.
 */
export async function renderGraph(
  htmlPath: string,
  options: {
    screenshotPath?: string;
    width?: number;
    height?: number;
    settleMs?: number;
    /** how long the page may take to build the network; large graphs lay out before it exists */
    loadTimeoutMs?: number;
  } = {},
): Promise<GraphRender> {
  const html = fs.readFileSync(htmlPath, 'utf8');
  const vis = visNetworkAsset(html);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth0-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    deviceScaleFactor: 1,
    offline: false,
  });
  const errors: string[] = [];
  const blockedRequests: string[] = [];
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === vis.url) {
        await route.fulfill({
          path: vis.file,
          contentType: 'application/javascript',
        });
      } else if (url.startsWith('file:') || url.startsWith('data:')) {
        await route.continue();
      } else {
        blockedRequests.push(url);
        await route.abort();
      }
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const timeout = options.loadTimeoutMs ?? 60_000;
    await page.goto(`file://${path.resolve(htmlPath)}`, {
      waitUntil: 'load',
      timeout,
    });
    await page.waitForFunction(
      () =>
        typeof (window as unknown as { network?: unknown }).network ===
        'object',
      undefined,
      { timeout },
    );
    const result = await page.evaluate(measureInPage, {
      settleMs: options.settleMs ?? 30_000,
    });
    if (options.screenshotPath) {
      fs.mkdirSync(path.dirname(options.screenshotPath), { recursive: true });
      await page.screenshot({ path: options.screenshotPath });
    }
    return { ...result, errors, blockedRequests };
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** Runs in the page: `nodes`, `edges` and `network` are the page's globals. */
async function measureInPage({
  settleMs,
}: {
  settleMs: number;
}): Promise<PageResult> {
  interface VisNode {
    id: string;
    group?: string;
  }
  interface Box {
    top: number;
    left: number;
    right: number;
    bottom: number;
  }
  interface Network {
    getPositions(ids?: string[]): Record<string, { x: number; y: number }>;
    getBoundingBox(id: string): Box;
    canvasToDOM(p: { x: number; y: number }): { x: number; y: number };
    stopSimulation(): void;
    fit(options?: unknown): void;
    redraw(): void;
    once(event: string, callback: () => void): void;
    body: {
      nodes: Record<
        string,
        { options: { color: { background: string }; hidden?: boolean } }
      >;
    };
  }
  const page = window as unknown as {
    network: Network;
    nodes: { get(): VisNode[] };
    edges: { length: number };
  };
  const { network } = page;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // Wait for the physics layout to come to rest.
  const started = Date.now();
  let previous = network.getPositions();
  for (;;) {
    await sleep(500);
    const current = network.getPositions();
    const moved = Object.keys(current).some((id) => {
      const a = previous[id];
      const b = current[id];
      return !a || Math.hypot(a.x - b.x, a.y - b.y) > 0.5;
    });
    previous = current;
    if (!moved || Date.now() - started > settleMs) break;
  }
  network.stopSimulation();
  network.fit({ animation: false });
  await new Promise<void>((resolve) => {
    network.once('afterDrawing', () => resolve());
    network.redraw();
  });

  const canvas = document.querySelector(
    '#integration-graph canvas',
  ) as HTMLCanvasElement;
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width, height } = canvas;
  const pixels = context.getImageData(0, 0, width, height).data;
  let paintedPixels = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) paintedPixels++;

  const parseColor = (css: string): number[] => {
    const probe = document.createElement('canvas').getContext('2d')!;
    probe.fillStyle = css;
    const hex = probe.fillStyle as string; // normalised to #rrggbb
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  };
  const scale = width / canvas.clientWidth;
  const all = page.nodes.get();
  const nodes: Record<string, number> = {};
  const drawnNodes: Record<string, number> = {};
  for (const node of all) {
    const key = node.group ?? node.id;
    nodes[key] = (nodes[key] ?? 0) + 1;
    const body = network.body.nodes[node.id];
    if (!body || body.options.hidden) continue;
    const [r, g, b] = parseColor(body.options.color.background);
    const box = network.getBoundingBox(node.id);
    const topLeft = network.canvasToDOM({ x: box.left, y: box.top });
    const bottomRight = network.canvasToDOM({ x: box.right, y: box.bottom });
    const x0 = Math.max(0, Math.floor(topLeft.x * scale));
    const y0 = Math.max(0, Math.floor(topLeft.y * scale));
    const x1 = Math.min(width - 1, Math.ceil(bottomRight.x * scale));
    const y1 = Math.min(height - 1, Math.ceil(bottomRight.y * scale));
    let matching = 0;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = (y * width + x) * 4;
        if (
          pixels[i + 3] > 200 &&
          Math.abs(pixels[i] - r) <= 16 &&
          Math.abs(pixels[i + 1] - g) <= 16 &&
          Math.abs(pixels[i + 2] - b) <= 16
        ) {
          matching++;
        }
      }
    }
    if (matching >= 3) drawnNodes[key] = (drawnNodes[key] ?? 0) + 1;
  }
  return {
    nodes,
    edges: page.edges.length,
    drawnNodes,
    paintedPixels,
    canvas: { width, height },
  };
}
