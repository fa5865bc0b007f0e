import {build} from 'esbuild'; import {gzipSync} from 'node:zlib'
const r = await build({entryPoints:['dist/index.js'],bundle:true,minify:true,format:'esm',platform:'browser',external:['ky'],write:false,logLevel:'silent'})
const t = r.outputFiles[0].text
console.log(t); console.log(t.length, gzipSync(t,{level:9}).length)
