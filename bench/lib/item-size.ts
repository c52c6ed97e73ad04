// DynamoDB's documented item size (attribute names + values, in the wire's attribute-value form), the basis of
// request units and storage. Needed because DynamoDB Local under-reports the capacity of transactions (it answers
// 2 units for a transaction of five small items; DynamoDB charges 2 per item and KB): see docs/performance.md.

type AttributeValue = {
  S?: string;
  N?: string;
  B?: Uint8Array | string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
  BS?: unknown[];
};

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** A number's size: about one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return typeof v.B === 'string' ? Buffer.from(v.B, 'base64').length : v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + utf8(k) + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((n, x) => n + valueSize(x) + 1, 0);
  if (v.SS) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + valueSize(value), 0);
}

/** Write request units of one item write: 1 per KB, 2 inside a transaction. */
export const writeUnits = (bytes: number, transactional: boolean) => Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
