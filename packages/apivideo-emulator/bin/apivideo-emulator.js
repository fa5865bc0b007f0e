#!/usr/bin/env node
// A file that exists before the build, so installs can link the command; the code is in dist.
import '../dist/cli.js'
