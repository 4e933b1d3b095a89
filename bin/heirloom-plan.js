#!/usr/bin/env node
// The thin executable: everything lives in the one built file.
import { run } from "../dist/cli.js";

await run(process.argv.slice(2));
