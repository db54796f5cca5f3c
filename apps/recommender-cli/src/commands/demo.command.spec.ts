import { resolveApiConfig } from '../../../recommender-api/src/config/api-config';
import { DemoLoadReport } from '../demo-loader';
import { exampleRequests, startOfTodayUtc } from './demo.command';

describe('demo command', () => {
  it('ends a first history at 00:00 UTC today', () => {
    expect(startOfTodayUtc(new Date('2026-03-04T23:59:59+02:00'))).toBe('2026-03-04T00:00:00.000Z');
  });

  it('prints requests with the ids of the data loaded, against the configured port', () => {
    const report = {
      data: {
        places: [{ id: 'place-00001' }],
        members: [{ id: 'member-00001', city: 'Buenos Aires' }, { id: 'member-00002' }],
      },
      hiddenTastesFile: `${process.cwd()}/data/demo-hidden-tastes.json`,
      samplePlaceFile: `${process.cwd()}/data/demo-sample-place.json`,
    } as unknown as DemoLoadReport;
    const text = exampleRequests(resolveApiConfig({ port: 4000 }), report);
    expect(text).toContain('curl -s http://localhost:4000/health/ready');
    expect(text).toContain(
      "curl -s -X PUT http://localhost:4000/v1/catalog/places/place-00001 -H 'content-type: application/json' -d @data/demo-sample-place.json",
    );
    expect(text).toContain(
      'curl -s -X PUT http://localhost:4000/v1/members/member-00001/blocks/member-00002',
    );
    expect(text).toContain(
      "curl -s 'http://localhost:4000/v1/travel/members/member-00001/places?city=Buenos%20Aires&limit=10'",
    );
    expect(text).toContain(
      "curl -s 'http://localhost:4000/v1/networking/members/member-00001/discovery?limit=10&explain=true'",
    );
    const event = /-d '(\{"events".*\})'/.exec(text)![1];
    expect(JSON.parse(event).events[0]).toMatchObject({
      type: 'save',
      memberId: 'member-00001',
      target: { kind: 'place', id: 'place-00001' },
    });
  });
});
