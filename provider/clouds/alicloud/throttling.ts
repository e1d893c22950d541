/**
 * Alibaba's gateway refuses a call over a rate quota with HTTP 400 and a code of the `Throttling` family:
 * `Throttling.User` for the per-account API rate quotas that CLB and ENS document, `Throttling.Api` for an
 * API's overall limit, and plain `Throttling` (Alibaba SDK team's answer on developer.aliyun.com/ask/128391;
 * help.aliyun.com/knowledge_detail/446611.html: `ErrorCode=Throttling.User HttpCode=400`).
 */
export function isAlibabaThrottle(code: string): boolean {
  return code === "Throttling" || code.startsWith("Throttling.");
}
