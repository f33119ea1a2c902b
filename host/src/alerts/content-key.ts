/** The columns a repeat may change besides its occurrence fields (count, raw event, last seen, event time). */
export interface RepeatContent {
  alert_type: string;
  severity: string;
  category: string;
  priority: string;
  priority_reason: string;
  device_name: string;
  title: string;
  message: string;
  metrics_json: string;
}

const FIELDS = ["alert_type", "severity", "category", "priority", "priority_reason", "device_name", "title", "message", "metrics_json"] as const;

/**
 * A 53-bit key of a repeat's content columns: two FNV-style lanes over the fields, each field
 * closed by its length, so text moved from one field to the next makes another key. Equal keys
 * mean (short of a 1-in-2^53 collision) that the row already holds this content and a repeat
 * need only write its occurrence columns.
 */
export function contentKey(content: RepeatContent): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const field of FIELDS) {
    const text = content[field] ?? "";
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
    a = Math.imul(a ^ (text.length + 0x10000), 0x01000193);
    b = Math.imul(b ^ (text.length + 0x10000), 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) >>> 11);
}
