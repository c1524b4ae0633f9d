// The console's static files: htmx and Chart.js as their packages ship them (resolved in
// node_modules, never copied into the repository), and the console's stylesheet and script.
// Served from this origin with a day of caching, so the Content-Security-Policy stays 'self'.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';

const require = createRequire(import.meta.url);
// src/http/console/ and dist/http/console/ sit at the same depth: the sources ship in the package.
const OWN = fileURLToPath(new URL('../../../src/http/console/assets/', import.meta.url));

const FILES: Record<string, string> = {
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  // chart.js exports only its module builds; the UMD build sits beside them.
  'chart.umd.min.js': join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  'console.js': join(OWN, 'console.js'),
  'console.css': join(OWN, 'console.css'),
};

export function consoleAssets(): Router {
  const router = Router();
  router.get('/admin/assets/:file', (req, res, next) => {
    const path = FILES[req.params.file];
    if (!path) {
      next();
      return;
    }
    res.sendFile(path, { maxAge: '1d' });
  });
  return router;
}
