// The rule for CRM_PULSE_REDIS_PREFIX, checked where the environment is read and again where the
// store builds its keys from it (a prefix can also come from a test or the demo).

/** Why a key prefix is unusable, or null when it is fine. */
export function prefixProblem(prefix: string): string | null {
  if (!/^[A-Za-z0-9_.:{}-]{1,64}$/.test(prefix)) return 'must be 1 to 64 letters, digits or _ . : - { }';
  if (prefix.endsWith(':')) return 'must not end with ":" (crm-pulse adds it)';
  // Redis Cluster hashes only what is between the first { and the next }: one well-formed,
  // non-empty tag puts every crm-pulse and BullMQ key in one slot, as multi-key scripts need.
  if (/[{}]/.test(prefix) && !/^[^{}]*\{[^{}]+\}[^{}]*$/.test(prefix)) return 'may hold one Redis Cluster hash tag, written {name}';
  return null;
}
