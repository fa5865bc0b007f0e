// Generated from api.video's OpenAPI file (packages/apivideo-emulator/openapi/oas-apivideo.yaml)
// by scripts/generate-operations.ts. Do not edit: change the generator or the spec, then run
// `pnpm --filter @keyward/broker generate` and commit the result. A test fails while it is stale.
import { type Schema, validator } from '../contracts/schema-validator.ts'

const s0: Schema = {type:"string"}
const s1: Schema = {type:"boolean"}
const s2: Schema = {type:"string",maxLength:100}
const s3: Schema = {type:"array",items:s0}
const s4: Schema = {type:"string",enum:["abstract","takeaways"]}
const s5: Schema = {type:"array",items:s4}
const s6: Schema = {type:"string",pattern:"^(?:\\d{2,3}:[0-5]\\d:[0-5]\\d(?:\\.\\d{1,3}|\\:\\d{1,2})?|\\d{1,7})$"}
const s7: Schema = {type:"object",properties:{"key":s0,"value":s0},additionalProperties:false}
const s8: Schema = {type:"array",items:s7}
const s9: Schema = {type:"object",required:["name","serverUrl","streamKey"],properties:{"name":s0,"serverUrl":s0,"streamKey":s0},additionalProperties:false}
const s10: Schema = {type:["string","null"],enum:["ar","ca","cs","da","de","el","en","es","fa","fi","fr","he","hi","hr","hu","it","ja","ko","ml","nl","nn","no","pl","pt","ru","sk","sl","te","tr","uk","ur","vi","zh",null]}
const s11: Schema = {maxItems:5,type:"array",items:s9}

export const postVideo = validator({type:"object",required:["title"],properties:{"title":s0,"description":s0,"source":s0,"public":s1,"panoramic":s1,"mp4Support":s1,"playerId":s0,"tags":s3,"metadata":s8,"clip":{type:"object",properties:{"startTimecode":s6,"endTimecode":s6},additionalProperties:false},"watermark":{type:"object",properties:{"id":s0,"top":s0,"left":s0,"bottom":s0,"right":s0,"width":s0,"height":s0,"opacity":s0},additionalProperties:false},"language":s10,"transcript":s1,"transcriptSummary":s1,"transcriptSummaryAttributes":s5},additionalProperties:false})
export const postSummaries = validator({required:["videoId"],type:"object",properties:{"videoId":s0,"origin":{type:"string",enum:["auto"]},"attributes":s5},additionalProperties:false})
export const patchSummariesSummaryIdSource = validator({type:"object",properties:{"abstract":s0,"takeaways":{type:"array",maxItems:3,items:s0}},additionalProperties:false})
export const patchVideosVideoIdThumbnail = validator({required:["timecode"],type:"object",properties:{"timecode":{pattern:"\\d{2}:\\d{2}:\\d{2}(\\.\\d{2})?",type:"string"}},additionalProperties:false})
export const patchVideo = validator({type:"object",properties:{"playerId":s0,"title":s0,"description":s0,"public":s1,"panoramic":s1,"mp4Support":s1,"tags":s3,"metadata":s8,"language":s10,"transcript":s1,"transcriptSummary":s1,"transcriptSummaryAttributes":s5},additionalProperties:false})
export const patchDiscardedVideo = validator({type:"object",properties:{"discarded":s1},additionalProperties:false})
export const postLiveStreams = validator({required:["name"],type:"object",properties:{"name":s0,"public":s1,"playerId":s0,"restreams":s11},additionalProperties:false})
export const patchLiveStreamsLiveStreamId = validator({type:"object",properties:{"name":s0,"public":s1,"playerId":s0,"restreams":s11},additionalProperties:false})
export const patchVideosVideoIdCaptionsLanguage = validator({type:"object",properties:{"default":s1},additionalProperties:false})
export const postPlayers = validator({type:"object",properties:{"name":s2,"text":s0,"link":s0,"linkHover":s0,"linkActive":s0,"trackPlayed":s0,"trackUnplayed":s0,"trackBackground":s0,"backgroundTop":s0,"backgroundBottom":s0,"backgroundText":s0,"enableApi":s1,"enableControls":s1,"forceAutoplay":s1,"hideTitle":s1,"forceLoop":s1},additionalProperties:false})
export const patchPlayersPlayerId = validator({type:"object",properties:{"name":s2,"text":s0,"link":s0,"linkHover":s0,"linkActive":s0,"trackPlayed":s0,"trackUnplayed":s0,"trackBackground":s0,"backgroundTop":s0,"backgroundBottom":s0,"backgroundText":s0,"enableApi":s1,"enableControls":s1,"forceAutoplay":s1,"hideTitle":s1,"forceLoop":s1},additionalProperties:false})
