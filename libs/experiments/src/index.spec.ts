import * as experiments from '@app/experiments';

describe('@app/experiments', () => {
  it('exports the public API', () => {
    expect(Object.keys(experiments).sort()).toEqual(
      [
        'BUCKETS',
        'ExperimentCatalog',
        'ExperimentFileError',
        'SCENARIOS',
        'bucketOf',
        'clusterLevelDifference',
        'cuped',
        'describeAssignment',
        'formatProblem',
        'interleavingOutcome',
        'interleavingPreference',
        'isInterleaved',
        'layerBucketOf',
        'meanDifference',
        'mergedParameters',
        'mulberry32',
        'murmur3_32',
        'normalCdf',
        'normalQuantile',
        'sampleRatioMismatch',
        'seededRandom',
        'studentTCdf',
        'studentTQuantile',
        'studentTTwoSidedP',
        'teamDraftInterleave',
        'unitIdOf',
        'unitKindOf',
        'variantBucketOf',
      ].sort(),
    );
  });
});
