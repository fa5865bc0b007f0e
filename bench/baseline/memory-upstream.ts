// api.video answered in memory, for the tools that time the Worker code without sockets: the
// token exchange, and one page of ten videos for every other call.

const VIDEOS = JSON.stringify({
  data: Array.from({ length: 10 }, (_, i) => ({ videoId: `vi${i}`, title: `Video ${i}` })),
  pagination: { currentPage: 1, pageSize: 10, pagesTotal: 1, itemsTotal: 10 },
})

/** Answers `/auth/api-key` with a token pair and anything else with one page of videos. */
export const memoryUpstream = (async (input: RequestInfo | URL) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (url.pathname === '/auth/api-key')
    return Response.json({
      token_type: 'Bearer',
      access_token: 'upstream-token',
      refresh_token: 'upstream-refresh',
      expires_in: 3600,
    })
  return new Response(VIDEOS, { headers: { 'content-type': 'application/json' } })
}) as typeof fetch
