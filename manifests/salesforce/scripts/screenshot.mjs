// Makes the screenshots of docs/salesforce.md: the crm-pulse card rendered by Jest (jsdom, as in
// the unit tests; scripts/preview/render.preview.js) placed in a mock Account record page styled
// with the Salesforce Lightning Design System, and photographed by Chromium through
// playwright-core. The design system and playwright-core are fetched from npm into a cache folder
// on first use, so neither weighs on `npm test`.
// Usage: npm run screenshot (CHROMIUM=/path/to/chromium when it is not /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const project = fileURLToPath(new URL('..', import.meta.url));
const images = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const PREVIEW_DEPS = ['@salesforce-ux/design-system@2.264.1', 'playwright-core@1.65.2'];
const depsDir = join(tmpdir(), 'crm-pulse-preview-deps');

if (!existsSync(join(depsDir, 'node_modules', 'playwright-core'))) {
  mkdirSync(depsDir, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', depsDir, ...PREVIEW_DEPS], { stdio: 'inherit' });
}
const require = createRequire(join(depsDir, 'package.json'));
const { chromium } = require('playwright-core');
const slds = join(depsDir, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

const fragments = mkdtempSync(join(tmpdir(), 'crm-pulse-preview-'));
try {
  execFileSync('npx', ['jest', '--config', 'scripts/preview/jest.config.js'], { cwd: project, stdio: 'inherit', env: { ...process.env, PREVIEW_OUT: fragments } });

  /** An SLDS icon as Lightning draws it for lightning-icon: the glyph on its colour. */
  const icon = (category, name, size) => {
    const svg = readFileSync(join(slds, 'icons', category, `${name}.svg`), 'utf8').replace('<svg', `<svg class="slds-icon slds-icon_${size}" aria-hidden="true"`);
    return `<span class="slds-icon_container slds-icon-${category}-${name.replaceAll('_', '-')}">${svg}</span>`;
  };
  // LWC hands icon-name to the stub as a property, so the rendered tag no longer names its icon:
  // the template does.
  const template = readFileSync(join(project, 'force-app/main/default/lwc/pulseAccount/pulseAccount.html'), 'utf8');
  const [, category, glyph, size] = /<lightning-icon icon-name="(\w+):(\w+)" size="(\w+)"/.exec(template);
  const card = (name) => readFileSync(join(fragments, `${name}.html`), 'utf8').replace(/<lightning-icon\b[^>]*>[\s\S]*?<\/lightning-icon>/g, icon(category, glyph, size));
  const field = (label, value) => `<div class="slds-form-element slds-form-element_readonly slds-m-bottom_x-small"><span class="slds-form-element__label">${label}</span><div class="slds-form-element__control"><div class="slds-form-element__static">${value}</div></div></div>`;

  const page = (body, width) => `<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(join(slds, 'styles', 'salesforce-lightning-design-system.min.css'))}">
<style>${readFileSync(join(project, 'force-app/main/default/lwc/pulseAccount/pulseAccount.css'), 'utf8')}
body { background: #b0c4df; padding: 12px; width: ${width}px; }</style>
</head><body>${body}</body></html>`;

  const recordPage = page(
    `<div class="slds-page-header slds-page-header_record-home slds-m-bottom_small">
  <div class="slds-page-header__row"><div class="slds-page-header__col-title"><div class="slds-media">
    <div class="slds-media__figure">${icon('standard', 'account', 'medium')}</div>
    <div class="slds-media__body"><div class="slds-page-header__name"><div class="slds-page-header__name-title"><h1>
      <span>Account</span><span class="slds-page-header__title slds-truncate">Northwind Logistics</span></h1></div></div></div>
  </div></div></div>
</div>
<div class="slds-grid slds-gutters_small">
  <div class="slds-col slds-size_2-of-3">${card('scored')}</div>
  <div class="slds-col slds-size_1-of-3"><article class="slds-card"><div class="slds-card__header"><h2 class="slds-card__header-title">Details</h2></div>
    <div class="slds-card__body slds-card__body_inner">${field('Account Owner', 'Dana Whitfield')}${field('CSM', 'Priya Raman')}${field('Industry', 'Transportation')}${field('ARR', '$1,240,000')}${field('Contract End Date', 'Feb 26, 2027')}</div></article></div>
</div>`,
    1180,
  );

  mkdirSync(images, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const tab = await browser.newPage({ deviceScaleFactor: 1 });
    for (const [name, html] of [
      ['salesforce-account-page', recordPage],
      ['salesforce-card-not-scored', page(card('not-scored'), 560)],
    ]) {
      const file = join(fragments, `${name}.page.html`);
      writeFileSync(file, html);
      await tab.goto(pathToFileURL(file).href);
      await tab.locator('body').screenshot({ path: join(images, `${name}.png`) });
      console.log(`wrote docs/images/${name}.png`);
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(fragments, { recursive: true, force: true });
}
