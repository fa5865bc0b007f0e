import {build} from 'esbuild'; import {gzipSync} from 'node:zlib'
const r = await build({entryPoints:[process.argv[2] ?? 'src/index.ts'],bundle:true,minify:true,format:'esm',platform:'browser',external:['ky'],write:false,logLevel:'silent',target:'es2022'})
const t = r.outputFiles[0].text
console.log(t.length, gzipSync(t,{level:9}).length)
