import { defineConfig } from 'vite'
import { keywardConfig } from './keyward-config.ts'

export default defineConfig({
  plugins: [keywardConfig()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
})
