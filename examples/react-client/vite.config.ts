import react from '@vitejs/plugin-react'
import { defineConfig, type ProxyOptions } from 'vite'

// Where the invitations API runs; this app reaches it at /trpc on its own origin.
const api = process.env.INVITE_API_URL ?? 'http://localhost:3000'

// The page and the API share one origin as far as the browser knows: /trpc is proxied, so
// the session cookie is this origin's and no CORS is needed. The API takes a change only from
// its own origin (its APP_URL), so the proxy presents this page's own requests as coming from
// there; a request from any other origin is passed on as it came, and refused.
const trpc: ProxyOptions = {
  target: api,
  changeOrigin: true,
  configure(proxy) {
    proxy.on('proxyReq', (proxyReq, req) => {
      const origin = req.headers.origin
      if (origin && origin === `http://${req.headers.host}`) proxyReq.setHeader('origin', new URL(api).origin)
    })
  },
}

// https://vite.dev/config/
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/trpc': trpc } },
  preview: { proxy: { '/trpc': trpc } },
})
