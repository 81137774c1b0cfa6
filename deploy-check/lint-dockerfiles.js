#!/usr/bin/env node
// Lints Dockerfiles with dockerfile-utils (the linter of VS Code's Docker language server), every check raised
// to an error so a warning cannot slip through. Prints file:line:column: message; exits 1 on any problem.
// Usage: node deploy-check/lint-dockerfiles.js FILE...
'use strict';
const fs = require('fs');
const path = require('path');
const utils = require(path.join(__dirname, 'node_modules', 'dockerfile-utils'));

const ERROR = utils.ValidationSeverity.ERROR;
const settings = {
  deprecatedMaintainer: ERROR,
  directiveCasing: ERROR,
  emptyContinuationLine: ERROR,
  instructionCasing: ERROR,
  instructionCmdMultiple: ERROR,
  instructionEntrypointMultiple: ERROR,
  instructionHealthcheckMultiple: ERROR,
  instructionJSONInSingleQuotes: ERROR,
  instructionWorkdirRelative: ERROR,
};

let problems = 0;
for (const file of process.argv.slice(2)) {
  const diagnostics = utils.validate(fs.readFileSync(file, 'utf8'), settings);
  for (const d of diagnostics) {
    problems++;
    console.log(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message} (code ${d.code})`);
  }
}
console.log(`${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
