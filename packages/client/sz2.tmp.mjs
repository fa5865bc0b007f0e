import {build} from 'esbuild'; import {gzipSync} from 'node:zlib'
const r = await build({entryPoints:['dist/index.js'],bundle:true,minify:true,format:'esm',platform:'browser',external:['ky'],write:false,logLevel:'silent'})
const t = r.outputFiles[0].text
const g = s => gzipSync(s,{level:9}).length
const base = g(t)
const cut = {
  msgs: [/"createApi needs `tokens`, a token source"|"`retries` must be an integer, 0 or more"|"`timeout` must be more than 0 ms and less than 2\^31"|"createTokenSource needs `url`, a string"|"createApi needs ky 2: npm install ky@\^2"/g, '""'],
  checks: [/b\([^;]*?"\),?/g, ''],
  retryAfterFn: [/function Z\(e\)\{.*?\}(?=var ee)/, ''],
  snapshot: [/,M=\(n,i\)=>C\("change",A\.snapshot=\{state:n,token:r,error:i\}\)|,?M\("[a-z]+"(,m)?\)|snapshot:\{state:"idle"\},/g, ''],
  hooks: [/hooks:\{\.\.\.f,beforeError:\[ne,\.\.\.f\?\.beforeError\?\?\[\]\]\},/, ''],
  kyCheck: [/if\(!l\.query\)throw new h\("unsupported_ky",\{message:"createApi needs ky 2: npm install ky@\^2"\}\);/, ''],
  toKeyward: [/var ne=.*?:e;/, ''],
  tabBag: [/name:|fresh:|adopt\(n\)/g, ''],
}
for (const [k,[re,rep]] of Object.entries(cut)) { const s=t.replace(re,rep); console.log(k, s.length-t.length, g(s)-base) }
