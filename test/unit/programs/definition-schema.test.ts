import { describe, expect, it } from 'vitest';
import { defaultDefinition } from '../../../functions/domain/survey-definition.js';
import { definitionInputSchema } from '../../../functions/programs/definition-schema.js';
import { fieldIssues } from '../../../functions/shared/http.js';

/** The problems a PUT body has, as the API names them; [] for a valid one. */
function issuesOf(input: unknown) {
  const parsed = definitionInputSchema.safeParse(input);
  return parsed.success ? [] : fieldIssues(parsed.error);
}

describe('definitionInputSchema', () => {
  it('fills every field left out with the defaults of a channel nobody configured', () => {
    // Act
    const parsed = definitionInputSchema.parse({});

    // Assess
    const { channel: _channel, version: _version, ...defaults } = defaultDefinition('voice');
    expect(parsed).toEqual(defaults);
  });

  it('keeps a complete, valid program as it was given', () => {
    // Prepare
    const program = {
      enabled: false,
      questions: ['ces', 'resolved', 'comment'],
      lead: 'ces',
      wording: { de: { ces: 'Wie einfach war es?' }, fr: { comment: 'Autre chose ?' } },
      sendDelayMinutes: 120,
      linkExpiryDays: 14,
      reminder: { enabled: true, afterDays: 13 },
      samplingRate: 0.25,
      throttleDays: 30,
    };

    // Act
    const parsed = definitionInputSchema.parse(program);

    // Assess
    expect(parsed).toEqual(program);
  });

  it('names each question that is not one we know, by its position', () => {
    // Act
    const issues = issuesOf({ questions: ['csat', 'effort', 'comment', 'mood'] });

    // Assess
    expect(issues).toEqual([
      { field: 'questions.1', message: 'must be one of csat, nps, ces, resolved, comment' },
      { field: 'questions.3', message: 'must be one of csat, nps, ces, resolved, comment' },
    ]);
  });

  it('refuses a question asked twice', () => {
    // Act
    const issues = issuesOf({ questions: ['csat', 'comment', 'csat'] });

    // Assess
    expect(issues).toEqual([{ field: 'questions', message: 'must not ask a question twice' }]);
  });

  it('refuses a survey that asks nothing', () => {
    // Act
    const issues = issuesOf({ questions: [] });

    // Assess
    expect(issues).toContainEqual({ field: 'questions', message: 'must ask at least one question' });
  });

  it('refuses a lead question the survey does not ask, naming the questions it does', () => {
    // Act
    const issues = issuesOf({ questions: ['nps', 'comment'], lead: 'csat' });

    // Assess
    expect(issues).toEqual([{ field: 'lead', message: 'must be one of the questions asked (nps, comment)' }]);
  });

  it('refuses a lead question that cannot be a row of links', () => {
    // Act
    const issues = issuesOf({ questions: ['resolved', 'comment'], lead: 'comment' });

    // Assess
    expect(issues).toEqual([{ field: 'lead', message: 'must be one of csat, nps, ces' }]);
  });

  it.each([
    ['on the day the link expires', 14],
    ['after the link expired', 20],
  ])('refuses a reminder %s, naming reminder.afterDays', (_when, afterDays) => {
    // Act
    const issues = issuesOf({ linkExpiryDays: 14, reminder: { enabled: true, afterDays } });

    // Assess
    expect(issues).toEqual([{ field: 'reminder.afterDays', message: 'must be fewer days than linkExpiryDays (14)' }]);
  });

  it('refuses a short link expiry that leaves the default reminder after it', () => {
    // Act
    const issues = issuesOf({ linkExpiryDays: 3 });

    // Assess
    expect(issues).toEqual([{ field: 'reminder.afterDays', message: 'must be fewer days than linkExpiryDays (3)' }]);
  });

  it('accepts a reminder the day before the link expires, and any afterDays of a disabled reminder', () => {
    // Act
    const dayBefore = issuesOf({ linkExpiryDays: 14, reminder: { enabled: true, afterDays: 13 } });
    const disabled = issuesOf({ linkExpiryDays: 2, reminder: { enabled: false, afterDays: 3 } });

    // Assess
    expect(dayBefore).toEqual([]);
    expect(disabled).toEqual([]);
  });

  it('asks for both fields of a reminder', () => {
    // Act
    const issues = issuesOf({ reminder: { enabled: true } });

    // Assess
    expect(issues).toEqual([{ field: 'reminder.afterDays', message: 'must be a whole number from 1 to 30' }]);
  });

  it('refuses a field it does not know, naming it', () => {
    // Act
    const issues = issuesOf({ questions: ['csat'], colour: 'blue' });

    // Assess
    expect(issues).toEqual([{ field: '(body)', message: 'Unrecognized key: "colour"' }]);
  });

  it('refuses an unknown key inside the reminder, naming it', () => {
    // Act
    const issues = issuesOf({ reminder: { enabled: true, afterDays: 3, hours: 4 } });

    // Assess
    expect(issues).toEqual([{ field: 'reminder', message: 'Unrecognized key: "hours"' }]);
  });

  it('refuses wording in a language we do not speak, naming the language', () => {
    // Act
    const issues = issuesOf({ wording: { pt: { csat: 'Como foi?' } } });

    // Assess
    expect(issues).toEqual([{ field: 'wording', message: 'Unrecognized key: "pt"' }]);
  });

  it('refuses wording for a question we do not know, and empty or overlong texts, naming each', () => {
    // Act
    const issues = issuesOf({ wording: { de: { csat: '   ', mood: 'Wie geht es?' }, fr: { nps: 'x'.repeat(301) } } });

    // Assess
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'wording.de.csat', message: 'must not be empty' },
        { field: 'wording.de', message: 'Unrecognized key: "mood"' },
        { field: 'wording.fr.nps', message: 'must be at most 300 characters' },
      ]),
    );
    expect(issues).toHaveLength(3);
  });

  it('trims the custom wording', () => {
    // Act
    const parsed = definitionInputSchema.parse({ wording: { en: { csat: '  How did we do?  ' } } });

    // Assess
    expect(parsed.wording).toEqual({ en: { csat: 'How did we do?' } });
  });

  it.each([
    ['sendDelayMinutes', -1, 'must be a whole number from 0 to 43200'],
    ['sendDelayMinutes', 43_201, 'must be a whole number from 0 to 43200'],
    ['sendDelayMinutes', 1.5, 'must be a whole number from 0 to 43200'],
    ['linkExpiryDays', 0, 'must be a whole number from 1 to 90'],
    ['linkExpiryDays', 91, 'must be a whole number from 1 to 90'],
    ['throttleDays', 366, 'must be a whole number from 0 to 365'],
    ['throttleDays', '7', 'must be a whole number from 0 to 365'],
    ['samplingRate', 1.01, 'must be a number from 0 to 1'],
    ['samplingRate', -0.1, 'must be a number from 0 to 1'],
    ['enabled', 'yes', 'must be true or false'],
  ])('refuses %s = %j, naming it', (field, value, message) => {
    // Act
    const issues = issuesOf({ [field]: value, reminder: { enabled: false, afterDays: 1 } });

    // Assess
    expect(issues).toEqual([{ field, message }]);
  });

  it('accepts the ends of every range', () => {
    // Act
    const low = issuesOf({ sendDelayMinutes: 0, linkExpiryDays: 1, throttleDays: 0, samplingRate: 0, reminder: { enabled: false, afterDays: 1 } });
    const high = issuesOf({ sendDelayMinutes: 43_200, linkExpiryDays: 90, throttleDays: 365, samplingRate: 1, reminder: { enabled: true, afterDays: 30 } });

    // Assess
    expect(low).toEqual([]);
    expect(high).toEqual([]);
  });
});
