// The spine of the product, end to end on the local stack: an interaction comes in, an email goes out,
// the customer follows a rating link and answers, and the answer shows on the customer's record.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { INTERACTION_EVENT } from '../../functions/routes.js';
import { invitationKey } from '../../functions/store/keys.js';
import { EVENT_BUS_NAME } from '../../local/event-sources.js';
import { documentClient, emailsTo, getCustomer, linksOf, newInteraction, postInteraction, settled, stack, waitForEmail } from './helpers.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('survey lifecycle', () => {
  it('emails a survey for a new interaction and stores the answer given through a rating link', async () => {
    // Prepare
    const interaction = newInteraction({ channel: 'voice' });

    // Act: the company's system reports the interaction
    const ingest = await postInteraction(interaction);

    // Assess: accepted, scheduled, emailed with five rating links and a link to the whole survey
    expect(ingest.status).toBe(202);
    expect(ingest.body).toMatchObject({ interactionId: interaction.interactionId, status: 'scheduled', surveyId: expect.any(String) });
    const email = await waitForEmail(interaction.customer.email);
    expect(email.body.text).toBeTruthy();
    const links = linksOf(email.body.html ?? '');
    const ratingLinks = links.filter((l) => /\/s\/[A-Za-z0-9_-]{32}\?score=[1-5]$/.test(l));
    expect(ratingLinks.map((l) => new URL(l).searchParams.get('score'))).toEqual(['1', '2', '3', '4', '5']);
    const surveyLink = ratingLinks[3]!.replace(/\?score=4$/, '');
    expect(links).toContain(surveyLink);

    // Act: the customer taps "4" in the email; the page opens with 4 chosen
    const page = await fetch(ratingLinks[3]!);
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toMatch(/<input[^>]*name="csat"[^>]*value="4"[^>]*checked|<input[^>]*checked[^>]*name="csat"[^>]*value="4"/);

    // Assess: opening the link stored nothing (a mail scanner following every link leaves no answer)
    const beforeSubmit = await getCustomer(interaction.customer.id);
    expect(beforeSubmit.body.timeline[0].answer).toBeUndefined();
    expect(beforeSubmit.body.timeline[0].invitation.status).toBe('sent');

    // Act: the customer sends the page
    const submit = await fetch(surveyLink, form({ csat: '4', nps: '9', resolved: 'yes', comment: 'Quick and kind <b>thanks</b>' }));

    // Assess: thanked, and the answer is on the customer record
    expect(submit.status).toBe(200);
    expect(await submit.text()).toContain('Quick and kind &lt;b&gt;thanks&lt;/b&gt;');
    const record = await getCustomer(interaction.customer.id);
    expect(record.status).toBe(200);
    expect(record.body.profile).toMatchObject({ id: interaction.customer.id, email: interaction.customer.email, name: 'Ada Lovelace' });
    expect(record.body.timeline).toHaveLength(1);
    expect(record.body.timeline[0]).toMatchObject({
      interaction: { interactionId: interaction.interactionId, channel: 'voice', agentId: 'agent-7' },
      invitation: { surveyId: ingest.body.surveyId, status: 'answered' },
      answer: { csat: 4, nps: 9, resolved: true, comment: 'Quick and kind <b>thanks</b>', revision: 1 },
    });
    expect(record.body.timeline[0].invitation.token).toBeUndefined();
  });

  it('answers a repeated interaction with the same survey and sends one email, even for concurrent repeats', async () => {
    const interaction = newInteraction();

    const results = await Promise.all(Array.from({ length: 10 }, () => postInteraction(interaction)));

    expect(new Set(results.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(results.map((r) => r.body.surveyId)).size).toBe(1);
    await waitForEmail(interaction.customer.email);
    await settled(); // every repeat's queue message delivered: none may send a second email
    expect(await emailsTo(interaction.customer.email)).toHaveLength(1);
    const record = await getCustomer(interaction.customer.id);
    expect(record.body.timeline).toHaveLength(1);
  });

  it('takes the same event from EventBridge and emails its survey', async () => {
    const interaction = newInteraction({ channel: 'social' });
    const events = new EventBridgeClient({ endpoint: stack.emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

    const put = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: EVENT_BUS_NAME, Source: 'helpdesk', DetailType: INTERACTION_EVENT.detailType, Detail: JSON.stringify(interaction) }],
      }),
    );

    expect(put.FailedEntryCount).toBe(0);
    const email = await waitForEmail(interaction.customer.email);
    expect(email.subject).toBeTruthy();
    const again = await postInteraction(interaction);
    expect(again.status).toBe(202);
    const record = await getCustomer(interaction.customer.id);
    expect(record.body.timeline[0].invitation.surveyId).toBe(again.body.surveyId);
  });

  it('replaces the first answer with a second submit, keeping one answer per survey', async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const surveyLink = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;

    await fetch(surveyLink, form({ csat: '2', comment: 'slow' }));
    const second = await fetch(surveyLink, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csat: 5, resolved: 'yes' }),
    });

    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ answer: { csat: 5, resolved: true }, revision: 2 });
    const record = await getCustomer(interaction.customer.id);
    expect(record.body.timeline[0].answer).toMatchObject({ csat: 5, resolved: true, revision: 2 });
    expect(record.body.timeline[0].answer.comment).toBeUndefined();
    const reopened = await (await fetch(surveyLink)).text();
    expect(reopened).toMatch(/already answered/i);
  });

  it('gives the page back with what was typed and the field to fix when a value is invalid, storing nothing', async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const surveyLink = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;

    const res = await fetch(surveyLink, form({ csat: '9', comment: 'I typed all of this <script>x</script>' }));

    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toMatch(/csat/i);
    expect(body).toContain('I typed all of this &lt;script&gt;x&lt;/script&gt;');
    expect(body).not.toContain('<script>x</script>');
    expect((await getCustomer(interaction.customer.id)).body.timeline[0].answer).toBeUndefined();
  });

  it('answers 404 for an unknown token and 410 once the survey has expired', async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const surveyLink = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;
    const occurredAt = new Date(interaction.occurredAt).toISOString();
    await documentClient.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: invitationKey(interaction.customer.id, occurredAt, interaction.interactionId),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );

    const unknown = await fetch(`${stack.apiUrl}/s/${'A'.repeat(32)}`);
    const forged = await fetch(`${stack.apiUrl}/s/not-a-token`);
    const expired = await fetch(surveyLink);
    const lateSubmit = await fetch(surveyLink, form({ csat: '5' }));

    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/couldn(&#39;|')t find this survey/i);
    expect(forged.status).toBe(404);
    expect(expired.status).toBe(410);
    expect(lateSubmit.status).toBe(410);
    expect((await getCustomer(interaction.customer.id)).body.timeline[0].answer).toBeUndefined();
  });

  it('serves survey pages with a strict content security policy and no referrer', async () => {
    const interaction = newInteraction();
    await postInteraction(interaction);
    const surveyLink = linksOf((await waitForEmail(interaction.customer.email)).body.html ?? '').find((l) => /\/s\/[^?]+$/.test(l))!;

    const res = await fetch(surveyLink);

    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
