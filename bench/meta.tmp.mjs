import * as esbuild from '/work/main/node_modules/.pnpm/esbuild@0.28.2/node_modules/esbuild/lib/main.js';
import { gzipSync } from 'node:zlib';
const r = await esbuild.build({ entryPoints: [process.env.ENTRY ?? 'baseline/worker.ts'], bundle: true, minify: true, format: 'esm', platform: 'neutral', conditions: ['workerd','worker','browser'], mainFields:['module','main'], external: ['cloudflare:*','node:*'], metafile: true, write: false, outfile: '/tmp/x.js' });
const out = Object.values(r.metafile.outputs)[0];
const by = {}; const detail = process.env.DETAIL;
for (const [f, v] of Object.entries(out.inputs)) {
  if (detail && f.includes(detail)) console.log("  ", v.bytesInOutput, f.replace(/.*node_modules\//, ""));
  let k = f.replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, 'npm:');
  k = k.replace(/^npm:(@[^/]+\/[^/]+|[^/]+)\/.*/, 'npm:$1');
  k = k.replace(/^\.\.\/\.\.\/packages\/broker\/(dist|src)\/([^/]+)\/.*/, 'broker/$2');
  by[k] = (by[k] ?? 0) + v.bytesInOutput;
}
const tot = r.outputFiles[0].contents.length;
console.log('total', tot, 'gzip', gzipSync(r.outputFiles[0].contents).length);
for (const [k, v] of Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,45)) console.log(String(v).padStart(7), k);
