// Jest settings for the docs preview: the component's usual test setup, run on render.preview.js
// alone (the unit tests do not run here, and this file does not run in `npm test`).
const base = require('../../jest.config.js');

module.exports = { ...base, rootDir: '../..', testMatch: ['<rootDir>/scripts/preview/render.preview.js'] };
