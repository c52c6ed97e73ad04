// The shape of every message catalogue: each locale's module is typed by it, so a missing or extra key fails to compile.
// Templates are plain text with {placeholders}; the renderers fill them and escape them, translators never write HTML.
import type { Channel } from '../domain/channels.js';
import type { ScaleWords } from '../domain/survey-definition.js';

/** A channel named with the customer's possessive ("your phone call"), in the three grammatical cases German needs. */
export interface ChannelWords {
  /** Subject of a sentence: "Wie war Ihr Chat?" */
  nom: string;
  /** Direct object: "… beziehen sich auf Ihren Chat" */
  acc: string;
  /** After "mit": "Wie zufrieden waren Sie mit Ihrem Chat?" */
  dat: string;
}

interface TitledMessage {
  title: string;
  message: string;
}

/**
 * Dates and numbers written out as Intl would for `intl`, without Intl: its first use starts ICU, about 12 ms of CPU on
 * a cold start, on the customer's click. test/unit/i18n/formats.test.ts checks every day of a year and many numbers
 * against Intl itself.
 */
export interface Formats {
  /** January first. */
  months: readonly [string, string, string, string, string, string, string, string, string, string, string, string];
  /** A day as Intl's { day: 'numeric', month: 'long', year: 'numeric' }: "{day} {month} {year}". */
  date: string;
  /** Between groups of three digits. */
  groupSeparator: string;
  /** Numbers of fewer digits are not grouped (Spanish writes 2000 but 20.000). */
  groupFromDigits: number;
}

export interface Messages {
  /** The BCP 47 tag for dates and numbers: English dates day first ("12 March 2025"). */
  intl: string;
  formats: Formats;
  channel: Record<Channel, ChannelWords>;
  /** After a channel phrase, with {date}: " on 12 March 2025". */
  onDay: string;
  questions: {
    /** {channelDat} */
    csat: string;
    /** {brand} */
    nps: string;
    ces: string;
    resolved: string;
    comment: string;
  };
  csatWords: ScaleWords<'csat'>;
  cesWords: ScaleWords<'ces'>;
  /** "{min} = Not at all likely, {max} = Extremely likely": the ends of SCALES.nps (scaleHint fills them). */
  npsHint: string;
  /** "{min} = Very difficult, {max} = Very easy": the ends of SCALES.ces. */
  cesHint: string;
  yes: string;
  no: string;
  /** Before a link on its own line: ":", or " :" with a no-break space in French. */
  colon: string;
  page: {
    /** {brand} */
    title: string;
    /** {title}: what a screen reader hears first on a page with problems. */
    errorTitle: string;
    heading: string;
    /** {brand} {channelAcc} {when} */
    intro: string;
    alreadyAnswered: string;
    optional: string;
    /** {max} */
    commentHint: string;
    submit: string;
    errorSummaryTitle: string;
    /** Read before each message beside its field. */
    errorPrefix: string;
  };
  errors: {
    /** {min} {max} */
    scale: string;
    resolved: string;
    /** {max} */
    commentTooLong: string;
    comment: string;
    answerOne: string;
  };
  thanks: {
    /** {brand} */
    title: string;
    heading: string;
    /** {brand} */
    saved: string;
    answersHeading: string;
    labels: { csat: string; nps: string; ces: string; resolved: string; comment: string };
    /** {score} */
    npsValue: string;
    notAnswered: string;
    noComment: string;
    changeHeading: string;
    change: string;
  };
  /** {title} {brand} */
  messageTitle: string;
  messages: { notFound: TitledMessage; closed: TitledMessage; unavailable: TitledMessage };
  unsubscribe: {
    /** {brand} */
    confirmHeading: string;
    confirm: string;
    button: string;
    doneHeading: string;
    /** {brand} */
    done: string;
  };
  email: {
    /** {channelNom} {brand} */
    subject: string;
    /** {channelNom} {brand} */
    reminderSubject: string;
    /** {name} */
    greetingNamed: string;
    greeting: string;
    /** {brand} {channelNom} {channelAcc} {when} */
    intro: string;
    /** {brand} {channelNom} {channelAcc} {when} */
    reminderIntro: string;
    tapHint: string;
    /** The text part's line above the links. */
    textHint: string;
    fullSurvey: string;
    /** {channelNom} */
    preheader: string;
    /** {channelAcc} {brand} {when} */
    footer: string;
    unsubscribePrompt: string;
    unsubscribeLink: string;
  };
}
