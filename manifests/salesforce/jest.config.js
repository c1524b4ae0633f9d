// The Lightning Web Component's unit tests: sfdx-lwc-jest's preset (LWC compiler, lightning/*
// stubs, wire adapter test utilities) over force-app. Only *.test.js files are tests, so
// __tests__/data holds the fixtures they share.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  testMatch: ['**/__tests__/**/*.test.js'],
};
