// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// `pnpm --filter @keyward/broker generate` and commit the result. A test fails while it is stale.

/** A request each operation accepts, and wrong parts to try on it, by operationId (tests only). */
export interface Sample {
  path: string
  body?: Record<string, unknown>
  wrongQuery?: string
  wrongBody?: { field: string; value: unknown }
}

export const SAMPLES: Record<string, Sample> = {
  "LIST-videos": {"path":"/videos","wrongQuery":"sortBy=not-a-valid-value"},
  "POST-video": {"path":"/videos","body":{"title":"Maths video"},"wrongBody":{"field":"title","value":42}},
  "LIST-tags": {"path":"/tags","wrongQuery":"sortBy=not-a-valid-value"},
  "GET_summaries": {"path":"/summaries","wrongQuery":"origin=not-a-valid-value"},
  "POST_summaries": {"path":"/summaries","body":{"videoId":"vi4k0jvEUuaTdRAEjQ4Jfrgz"},"wrongBody":{"field":"videoId","value":42}},
  "DELETE_summaries-summaryId": {"path":"/summaries/summary_0123456789abcdefABCDEF"},
  "GET_summaries-summaryId-source": {"path":"/summaries/summary_0123456789abcdefABCDEF/source"},
  "PATCH_summaries-summaryId-source": {"path":"/summaries/summary_0123456789abcdefABCDEF/source","body":{},"wrongBody":{"field":"abstract","value":42}},
  "POST_videos-videoId-source": {"path":"/videos/vi0123456789abcdefABCDEF/source"},
  "LIST-watermarks": {"path":"/watermarks","wrongQuery":"currentPage=not-a-valid-value"},
  "POST_watermark": {"path":"/watermarks"},
  "DELETE_watermark": {"path":"/watermarks/watermark_0123456789abcdefABCDEF"},
  "POST_videos-videoId-thumbnail": {"path":"/videos/vi0123456789abcdefABCDEF/thumbnail"},
  "PATCH_videos-videoId-thumbnail": {"path":"/videos/vi0123456789abcdefABCDEF/thumbnail","body":{"timecode":"00:01:00.00"},"wrongBody":{"field":"timecode","value":42}},
  "GET-video": {"path":"/videos/vi0123456789abcdefABCDEF"},
  "PATCH-video": {"path":"/videos/vi0123456789abcdefABCDEF","body":{},"wrongBody":{"field":"playerId","value":42}},
  "DELETE-video": {"path":"/videos/vi0123456789abcdefABCDEF"},
  "LIST-discarded-videos": {"path":"/discarded/videos","wrongQuery":"sortBy=not-a-valid-value"},
  "GET-discarded-video": {"path":"/discarded/videos/vi0123456789abcdefABCDEF"},
  "PATCH-discarded-video": {"path":"/discarded/videos/vi0123456789abcdefABCDEF","body":{},"wrongBody":{"field":"discarded","value":"not-a-valid-value"}},
  "GET-video-status": {"path":"/videos/vi0123456789abcdefABCDEF/status"},
  "GET_live-streams": {"path":"/live-streams","wrongQuery":"sortBy=not-a-valid-value"},
  "POST_live-streams": {"path":"/live-streams","body":{"name":"My Live Stream Video"},"wrongBody":{"field":"name","value":42}},
  "GET_live-streams-liveStreamId": {"path":"/live-streams/li0123456789abcdefABCDEF"},
  "PATCH_live-streams-liveStreamId": {"path":"/live-streams/li0123456789abcdefABCDEF","body":{},"wrongBody":{"field":"name","value":42}},
  "DELETE_live-streams-liveStreamId": {"path":"/live-streams/li0123456789abcdefABCDEF"},
  "POST_live-streams-liveStreamId-thumbnail": {"path":"/live-streams/li0123456789abcdefABCDEF/thumbnail"},
  "DELETE_live-streams-liveStreamId-thumbnail": {"path":"/live-streams/li0123456789abcdefABCDEF/thumbnail"},
  "PUT_live-streams-liveStreamId-complete": {"path":"/live-streams/li0123456789abcdefABCDEF/complete"},
  "GET_videos-videoId-captions-language": {"path":"/videos/vi0123456789abcdefABCDEF/captions/en"},
  "POST_videos-videoId-captions-language": {"path":"/videos/vi0123456789abcdefABCDEF/captions/en"},
  "PATCH_videos-videoId-captions-language": {"path":"/videos/vi0123456789abcdefABCDEF/captions/en","body":{},"wrongBody":{"field":"default","value":"not-a-valid-value"}},
  "DELETE_videos-videoId-captions-language": {"path":"/videos/vi0123456789abcdefABCDEF/captions/en"},
  "GET_videos-videoId-captions": {"path":"/videos/vi0123456789abcdefABCDEF/captions","wrongQuery":"currentPage=not-a-valid-value"},
  "GET_videos-videoId-chapters-language": {"path":"/videos/vi0123456789abcdefABCDEF/chapters/en"},
  "POST_videos-videoId-chapters-language": {"path":"/videos/vi0123456789abcdefABCDEF/chapters/en"},
  "DELETE_videos-videoId-chapters-language": {"path":"/videos/vi0123456789abcdefABCDEF/chapters/en"},
  "GET_videos-videoId-chapters": {"path":"/videos/vi0123456789abcdefABCDEF/chapters","wrongQuery":"currentPage=not-a-valid-value"},
  "GET_players": {"path":"/players","wrongQuery":"sortBy=not-a-valid-value"},
  "POST_players": {"path":"/players","body":{},"wrongBody":{"field":"name","value":42}},
  "GET_players-playerId": {"path":"/players/pl0123456789abcdefABCDEF"},
  "PATCH_players-playerId": {"path":"/players/pl0123456789abcdefABCDEF","body":{},"wrongBody":{"field":"name","value":42}},
  "DELETE_players-playerId": {"path":"/players/pl0123456789abcdefABCDEF"},
  "POST_players-playerId-logo": {"path":"/players/pl0123456789abcdefABCDEF/logo"},
  "DELETE_players-playerId-logo": {"path":"/players/pl0123456789abcdefABCDEF/logo"},
  "GET_aggregated-metrics": {"path":"/data/metrics/play/count","wrongQuery":"unique=not-a-valid-value"},
  "GET_metrics-breakdown": {"path":"/data/buckets/play/media-id","wrongQuery":"sortBy=not-a-valid-value"},
  "GET_metrics-over-time": {"path":"/data/timeseries/play","wrongQuery":"interval=not-a-valid-value"},
}
