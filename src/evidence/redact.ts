// Secrets never reach a report: credential-shaped fields of an API answer (or request) are replaced before the
// answer is hashed and stored, so the stored evidence is exactly what is hashed.

/** Field names whose values are secrets wherever they appear (credentials in responses, tokens in requests). */
const SECRET_FIELD = /^(secretaccesskey|sessiontoken|secret|password|privatekey|credentials|token|authorization|x-amz-security-token)$/i;
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g;

export const REDACTED = '<redacted>';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_FIELD.test(key) ? REDACTED : redactSecrets(v);
    return out;
  }
  return typeof value === 'string' ? value.replace(ACCESS_KEY_ID, '<access key id>') : value;
}
