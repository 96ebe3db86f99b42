#!/usr/bin/env node
// The `modellab` command. The CLI itself is bundled into dist/ by `npm run build` (run on `npm install`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('modellab: not built yet. Run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(cli);
