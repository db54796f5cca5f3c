import { distanceBucket } from './distance-bucket';

describe('distanceBucket', () => {
  it.each([
    [0, 'under5km'],
    [5, 'under5km'],
    [5.01, '5to25km'],
    [25, '5to25km'],
    [99.9, '25to100km'],
    [500, '100to500km'],
    [500.1, 'over500km'],
    [19_000, 'over500km'],
  ])('%d km is %s', (km, bucket) => {
    expect(distanceBucket(km)).toBe(bucket);
  });
});
