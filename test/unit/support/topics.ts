// Topics a CX manager might define, in our four languages: shared by the insights, topics and aggregation tests.
import { lexiconAnalyzer, type CommentInsightDeps } from '../../../functions/insights/analyze-comment.js';
import type { Topic } from '../../../functions/insights/topics.js';

export const TOPICS: Topic[] = [
  {
    id: 'waiting-time',
    name: 'Waiting time',
    keywords: { en: ['wait*', 'on hold', 'queue'], de: ['wart*', 'warteschleife'], fr: ['attente', 'attendu'], es: ['esper*'] },
  },
  {
    id: 'refund',
    name: 'Refund',
    keywords: { en: ['refund*', 'money back'], de: ['rückerstattung', 'geld zurück'], fr: ['rembours*'], es: ['reembolso*', 'devolución'] },
  },
  {
    id: 'staff',
    name: 'Staff',
    keywords: { en: ['agent', 'rude', 'staff'], de: ['mitarbeiter*', 'unfreundlich'], fr: ['conseill*', 'impoli'], es: ['agente', 'grosero'] },
  },
  {
    id: 'delivery',
    name: 'Delivery',
    keywords: { en: ['deliver*', 'parcel', 'shipping'], de: ['lieferung', 'paket'], fr: ['livraison', 'colis'], es: ['entrega', 'paquete'] },
  },
];

/** The comment analysis the survey page runs (offline word lists) over TOPICS, counting the topic reads. */
export function commentInsightsOver(topics: Topic[] = TOPICS): CommentInsightDeps & { topicReads: () => number } {
  let reads = 0;
  return {
    analyzer: lexiconAnalyzer,
    topics: { getTopics: async () => ((reads += 1), { topics, version: 1 }) },
    topicReads: () => reads,
  };
}
