// Modules that ship no types, read by scripts/word-lists.ts. The stopword package: the four lists we use, one array of
// lower-case words each.
declare module 'stopword' {
  export const eng: string[];
  export const deu: string[];
  export const fra: string[];
  export const spa: string[];
}
