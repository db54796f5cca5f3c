import { resolveApiConfig } from '../../../recommender-api/src/config/api-config';
import { DemoLoadReport } from '../demo-loader';
import { exampleRequests, makeDemoApiKeys, startOfTodayUtc } from './demo.command';

const report = {
  data: {
    places: [{ id: 'place-00001' }],
    members: [{ id: 'member-00001', city: 'Buenos Aires' }, { id: 'member-00002' }],
  },
  hiddenTastesFile: `${process.cwd()}/data/demo-hidden-tastes.json`,
  samplePlaceFile: `${process.cwd()}/data/demo-sample-place.json`,
} as unknown as DemoLoadReport;

describe('demo command', () => {
  it('ends a first history at 00:00 UTC today', () => {
    expect(startOfTodayUtc(new Date('2026-03-04T23:59:59+02:00'))).toBe('2026-03-04T00:00:00.000Z');
  });

  it('prints requests with the ids of the data loaded and the key of each scope, against the configured port', () => {
    const keys = makeDemoApiKeys();
    const [travel, networking, catalog, admin] = ['travel', 'networking', 'catalog', 'admin'].map(
      (scope) => keys.find((k) => k.name === `demo-${scope}` && k.scopes.join() === scope)!.key,
    );
    const text = exampleRequests(resolveApiConfig({ port: 4000 }), report, keys);
    expect(new Set([travel, networking, catalog, admin]).size).toBe(4);
    expect(text).toContain('curl -s http://localhost:4000/health/ready\n');
    expect(text).toContain(
      `curl -s -X PUT http://localhost:4000/v1/catalog/places/place-00001 -H 'x-api-key: ${catalog}' -H 'content-type: application/json' -d @data/demo-sample-place.json`,
    );
    expect(text).toContain(
      `curl -s -X PUT http://localhost:4000/v1/members/member-00001/blocks/member-00002 -H 'x-api-key: ${catalog}'`,
    );
    expect(text).toContain(`curl -s -X POST http://localhost:4000/v1/events -H 'x-api-key: ${travel}'`);
    expect(text).toContain(
      `curl -s 'http://localhost:4000/v1/travel/members/member-00001/places?city=Buenos%20Aires&limit=10' -H 'x-api-key: ${travel}'`,
    );
    expect(text).toContain(
      `curl -s 'http://localhost:4000/v1/networking/members/member-00001/discovery?limit=10&explain=true' -H 'x-api-key: ${networking}'`,
    );
    expect(text).toContain(
      `curl -s http://localhost:4000/v1/admin/search/artifacts -H 'x-api-key: ${admin}'`,
    );
    expect(text).toMatch(new RegExp(`demo-travel +travel +${travel}\n`));
    const event = /-d '(\{"events".*\})'/.exec(text)![1];
    expect(JSON.parse(event).events[0]).toMatchObject({
      type: 'save',
      memberId: 'member-00001',
      target: { kind: 'place', id: 'place-00001' },
    });
  });

  it('asks for keys of API_KEYS by scope, and for none when AUTH_DISABLED=true', () => {
    const configured = exampleRequests(
      resolveApiConfig({ port: 4000, apiKeys: `a:travel:${'0'.repeat(64)}` }),
      report,
    );
    expect(configured).toContain(`/v1/admin/search/artifacts -H "x-api-key: $ADMIN_API_KEY"`);
    expect(configured).toContain('set TRAVEL_API_KEY, NETWORKING_API_KEY, CATALOG_API_KEY and ADMIN_API_KEY');
    const open = exampleRequests(resolveApiConfig({ port: 4000, authDisabled: true }), report);
    expect(open).not.toContain('x-api-key');
    expect(open).toContain('curl -s http://localhost:4000/v1/admin/search/artifacts\n');
  });

  it('makes a new key per scope each run', () => {
    const [one, other] = [makeDemoApiKeys(), makeDemoApiKeys()];
    expect(one.map((k) => [k.name, k.scopes])).toEqual([
      ['demo-travel', ['travel']],
      ['demo-networking', ['networking']],
      ['demo-catalog', ['catalog']],
      ['demo-admin', ['admin']],
    ]);
    expect(one.map((k) => k.key)).not.toEqual(other.map((k) => k.key));
  });
});
