// Identifiers in the formats each cloud uses, so clients that parse or log them see realistic values.
import { randomUUID } from "node:crypto";

/** Alibaba RequestId: an upper-case UUID. */
export const alibabaRequestId = (): string => randomUUID().toUpperCase();

/** Huawei request_id / X-Request-Id: 32 lower-case hex digits. */
export const huaweiRequestId = (): string => randomUUID().replace(/-/g, "");

/** Huawei ELB member ids are UUID v4 strings. */
export const memberId = (): string => randomUUID();
