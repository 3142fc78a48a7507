// The metav1.Status the apiserver sends with an error answer (k8s.io/apimachinery pkg/apis/meta/v1
// types.go Status): what the reader reports of a refusal.

export interface StatusBody {
  readonly message: string;
  /** `Forbidden`, `Invalid`, `NotFound`, ...; empty when the body is no Status. */
  readonly reason: string;
  /** details.causes as `field: message`. */
  readonly causes: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads a Status; any other body (a proxy's HTML page, empty) gives its first 200 characters as the message. */
export function parseStatusBody(body: string): StatusBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || parsed['kind'] !== 'Status') {
    return { message: body.trim().slice(0, 200), reason: '', causes: [] };
  }
  const details = isRecord(parsed['details']) ? parsed['details'] : {};
  const causes = Array.isArray(details['causes']) ? details['causes'] : [];
  return {
    message: text(parsed['message']),
    reason: text(parsed['reason']),
    causes: causes.filter(isRecord).map((cause) => `${text(cause['field'])}: ${text(cause['message'])}`),
  };
}
