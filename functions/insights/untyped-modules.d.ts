// Modules that ship no types. The stopword package: the four lists we use, one array of lower-case words each.
declare module 'stopword' {
  export const eng: string[];
  export const deu: string[];
  export const fra: string[];
  export const spa: string[];
}

// The `sentiment` package's own English module (AFINN-165 labels and its negation rule), which it loads by default.
declare module 'sentiment/languages/en/index.js' {
  const english: { labels: Record<string, number> };
  export default english;
}
