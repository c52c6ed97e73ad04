import { describe, expect, it } from 'vitest';
import { makeTopics } from '../../../functions/topics/http-handler.js';
import { httpEvent } from '../support/events.js';
import { NOW } from '../support/fixtures.js';
import { InMemoryTopicStore } from '../support/in-memory-topic-store.js';
import { TOPICS } from '../support/topics.js';

const asManager = (event: ReturnType<typeof httpEvent>) => {
  (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims: { sub: 'manager-1' }, scopes: [] } };
  return event;
};

describe('PUT /topics and GET /topics', () => {
  it('replaces the topics, recording who and when, and gives them back', async () => {
    // Prepare
    const store = new InMemoryTopicStore();
    const topics = makeTopics({ store, now: () => NOW });

    // Act
    const put = await topics(
      asManager(
        httpEvent({
          method: 'POST',
          routeKey: 'PUT /topics',
          path: '/topics',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ topics: TOPICS }),
        }),
      ),
    );
    const get = await topics(asManager(httpEvent({ routeKey: 'GET /topics', path: '/topics' })));

    // Assess
    expect(put.statusCode).toBe(200);
    expect(JSON.parse(get.body!)).toEqual({ topics: TOPICS, version: 1, updatedAt: NOW.toISOString(), updatedBy: 'manager-1' });
  });

  it('refuses rules that do not validate, naming the field, and stores nothing', async () => {
    // Prepare
    const store = new InMemoryTopicStore();
    const topics = makeTopics({ store, now: () => NOW });
    const body = JSON.stringify({ topics: [{ id: 'Waiting Time', name: 'Waiting', keywords: { en: ['wait*'] } }] });

    // Act / Assess
    await expect(
      topics(asManager(httpEvent({ routeKey: 'PUT /topics', path: '/topics', headers: { 'content-type': 'application/json' }, body }))),
    ).rejects.toMatchObject({
      status: 400,
      issues: [{ field: 'topics.0.id', message: expect.stringContaining('lower-case') }],
    });
    expect(store.stored.version).toBe(0);
  });
});
