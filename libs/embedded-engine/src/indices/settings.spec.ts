import { OpenSearchError } from '../errors';
import { flattenSettings, nestSettings, validateSettings } from './settings';

describe('index settings', () => {
  it('flattens every form to index.* keys with string values', () => {
    expect(
      flattenSettings({ index: { number_of_shards: 2 }, number_of_replicas: 0, 'index.knn': true }),
    ).toEqual({
      'index.number_of_shards': '2',
      'index.number_of_replicas': '0',
      'index.knn': 'true',
    });
  });

  it('nests them back as GET /_settings shows them', () => {
    expect(nestSettings({ 'index.knn': 'true', 'index.version.created': '1' })).toEqual({
      index: { knn: 'true', version: { created: '1' } },
    });
  });

  it('refuses unknown settings with a suggestion and bad values with the bound', () => {
    expect(() => validateSettings({ 'index.refresh_intervl': '1s' })).toThrow(
      'unknown setting [index.refresh_intervl] did you mean [index.refresh_interval]? please check that any required plugins are installed, or check the breaking changes documentation for removed settings',
    );
    expect(() => validateSettings({ 'index.number_of_replicas': '-1' })).toThrow(
      'Failed to parse value [-1] for setting [index.number_of_replicas] must be >= 0',
    );
    expect(() => validateSettings({ 'index.refresh_interval': 'soon' })).toThrow(
      'failed to parse setting [index.refresh_interval] with value [soon] as a time value: unit is missing or unrecognized',
    );
    expect(() => validateSettings({ 'index.uuid': 'x' })).toThrow(OpenSearchError);
    expect(() =>
      validateSettings({ 'index.knn': 'true', 'index.analysis.analyzer.a.type': 'standard' }),
    ).not.toThrow();
  });
});
