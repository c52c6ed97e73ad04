import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpointUrl, loadConfig } from '../../../functions/shared/config.js';

describe('loadConfig', () => {
  const shape = { TABLE_NAME: z.string().min(1), QUEUE_URL: z.url(), SURVEY_TTL_DAYS: z.coerce.number().int().default(30), SQS_ENDPOINT: endpointUrl };

  it('reads and converts the variables it is given', () => {
    // Act
    const config = loadConfig(shape, { TABLE_NAME: 'feedback', QUEUE_URL: 'https://sqs.example.com/q', SURVEY_TTL_DAYS: '7' });

    // Assess
    expect(config).toEqual({ TABLE_NAME: 'feedback', QUEUE_URL: 'https://sqs.example.com/q', SURVEY_TTL_DAYS: 7 });
  });

  it('applies defaults for variables not set', () => {
    // Act
    const config = loadConfig(shape, { TABLE_NAME: 'feedback', QUEUE_URL: 'https://sqs.example.com/q' });

    // Assess
    expect(config.SURVEY_TTL_DAYS).toBe(30);
  });

  it('fails fast, naming the missing variable', () => {
    // Act
    const loading = () => loadConfig(shape, { QUEUE_URL: 'https://sqs.example.com/q' });

    // Assess
    expect(loading).toThrow(/^Invalid configuration: TABLE_NAME: /);
  });

  it('names every bad variable at once', () => {
    // Act
    const loading = () => loadConfig(shape, { TABLE_NAME: '', QUEUE_URL: 'not a url', SQS_ENDPOINT: 'no url here' });

    // Assess
    expect(loading).toThrow(/TABLE_NAME: .*; QUEUE_URL: .*; SQS_ENDPOINT: /);
  });

  it('reads process.env when no environment is passed', () => {
    // Act
    const config = loadConfig({ TABLE_NAME: z.string() });

    // Assess
    expect(config.TABLE_NAME).toBe('feedback-test');
  });
});
