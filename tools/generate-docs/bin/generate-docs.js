#!/usr/bin/env node
// A committed shim, so pnpm links the bin on a fresh clone before dist/ is built.
import "../dist/cli.js";
