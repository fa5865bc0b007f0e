interface Env {
  APIVIDEO_BASE_URL: string
  APIVIDEO_API_KEY: string
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') return new Response(null, { status: 404 })
    const upstream = await fetch(`${env.APIVIDEO_BASE_URL}/auth/api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: env.APIVIDEO_API_KEY }),
    })
    await upstream.body?.cancel()
    return Response.json({ ok: upstream.ok }, { status: upstream.ok ? 200 : 502 })
  },
}
