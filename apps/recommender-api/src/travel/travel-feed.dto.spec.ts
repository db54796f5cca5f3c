import { ArgumentMetadata } from '@nestjs/common';
import { InvalidInputException } from '../common/api-error';
import { ApiValidationPipe } from '../common/api-validation.pipe';
import { TravelFeedQueryDto } from './travel-feed.dto';

const metadata: ArgumentMetadata = { type: 'query', metatype: TravelFeedQueryDto, data: undefined };

async function parse(query: Record<string, unknown>): Promise<TravelFeedQueryDto> {
  return (await new ApiValidationPipe().transform(query, metadata)) as TravelFeedQueryDto;
}

async function problems(query: Record<string, unknown>): Promise<{ field: string; message: string }[]> {
  try {
    await parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputException);
    return (
      (error as InvalidInputException).getResponse() as { errors: { field: string; message: string }[] }
    ).errors;
  }
  throw new Error('expected a refusal');
}

describe('TravelFeedQueryDto', () => {
  it('converts the query string of a point request', async () => {
    expect(
      await parse({
        lat: '38.72',
        lon: '-9.14',
        radiusKm: '2.5',
        limit: '10',
        explain: 'true',
        priceLevels: '1,2',
      }),
    ).toEqual({ lat: 38.72, lon: -9.14, radiusKm: 2.5, limit: 10, explain: true, priceLevels: [1, 2] });
  });

  it('takes lists as commas or repeated parameters', async () => {
    expect((await parse({ city: 'Lisbon', categories: 'museum,cafe' })).categories).toEqual([
      'museum',
      'cafe',
    ]);
    expect((await parse({ city: 'Lisbon', categories: ['museum', 'cafe,bar'] })).categories).toEqual([
      'museum',
      'cafe',
      'bar',
    ]);
  });

  it.each([
    [{ lat: '91', lon: '0', radiusKm: '1' }, 'lat', 'lat must not be greater than 90'],
    [{ lat: '0', lon: '-180.5', radiusKm: '1' }, 'lon', 'lon must not be less than -180'],
    [{ lat: '0', lon: '0', radiusKm: '-1' }, 'radiusKm', 'radiusKm must be a positive number'],
    [{ lat: '0', lon: '0', radiusKm: '600' }, 'radiusKm', 'radiusKm must not be greater than 500'],
    [{ lat: 'x', lon: '0', radiusKm: '1' }, 'lat', 'lat must be a number'],
    [{}, 'lat', 'lat is required (with lat, lon and radiusKm) unless city is given'],
    [{ city: 'Lisbon', lon: '1' }, 'city', 'give either city or lat, lon and radiusKm, not both'],
    [
      { city: 'Lisbon', categories: 'museum,castle' },
      'categories',
      expect.stringMatching(/^each value in categories must be one of: museum/),
    ],
    [
      { city: 'Lisbon', priceLevels: '0' },
      'priceLevels',
      'each value in priceLevels must be a whole number from 1 to 4',
    ],
    [{ city: 'Lisbon', limit: '101' }, 'limit', 'limit must not be greater than 100'],
    [{ city: 'Lisbon', explain: 'yes' }, 'explain', 'explain must be a boolean value'],
    [{ city: 'Lisbon', q: '' }, 'q', 'q must be longer than or equal to 1 characters'],
    [{ city: 'Lisbon', page: '2' }, 'page', 'property page should not exist'],
  ])('refuses %j, naming %s', async (query, field, message) => {
    expect(await problems(query)).toContainEqual({ field, message });
  });

  it('names every missing point field', async () => {
    expect((await problems({ lat: '1' })).map((e) => e.field)).toEqual(['lon', 'radiusKm']);
  });
});
