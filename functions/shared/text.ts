// Text from outside shown to people on one line (a customer's name in a greeting, a brand in a subject).

/**
 * Without control characters (C0, C1 with NEL U+0085), line and paragraph separators (U+2028/2029), which become a space,
 * nor format characters (bidi overrides and isolates, zero-width spaces and joiners, the BOM), which are dropped; runs of
 * white space become one space.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\p{Cf}+/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
