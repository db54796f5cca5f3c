import { eventBatchScopes } from './event-scopes';

const event = (kind: unknown) => ({ id: 'e', type: 'like', memberId: 'm', target: { kind, id: 't' } });

describe('eventBatchScopes', () => {
  it('needs travel for places, networking for members, both for a mixed batch', () => {
    expect(eventBatchScopes({ body: { events: [event('place'), event('place')] } })).toEqual({
      all: ['travel'],
    });
    expect(eventBatchScopes({ body: { events: [event('member')] } })).toEqual({ all: ['networking'] });
    expect(eventBatchScopes({ body: { events: [event('member'), event('place')] } })).toEqual({
      all: ['networking', 'travel'],
    });
  });

  it('needs one of the two when the body names no kind it knows (validation refuses it next)', () => {
    const eitherFeed = { all: [], any: ['travel', 'networking'] };
    for (const body of [
      undefined,
      null,
      'text',
      [],
      {},
      { events: 'x' },
      { events: [] },
      { events: [null, 1, 'x', [], { target: null }, { target: 'place' }] },
      { events: [event('Place'), event('toString'), event('__proto__'), event(['place'])] },
    ]) {
      expect(eventBatchScopes({ body })).toEqual(eitherFeed);
    }
  });

  it('counts the kinds it knows among unknown ones', () => {
    expect(eventBatchScopes({ body: { events: [event('hotel'), event('member')] } })).toEqual({
      all: ['networking'],
    });
  });
});
