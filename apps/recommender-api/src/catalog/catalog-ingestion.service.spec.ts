import { Logger } from '@nestjs/common';
import { CatalogRepository, WriteResult } from '@app/search';
import {
  openTestEngine,
  samplePlace,
  sampleMember,
  TestEngine,
} from '../../../../libs/search/src/search.spec-helpers';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import { resolveApiConfig } from '../config/api-config';
import { CatalogIngestionService } from './catalog-ingestion.service';

describe('CatalogIngestionService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let engine: TestEngine;
  let service: CatalogIngestionService;
  let repository: CatalogRepository;
  beforeEach(async () => {
    engine = await openTestEngine();
    repository = new CatalogRepository(engine.client, { names: engine.names });
    service = new CatalogIngestionService(repository, resolveApiConfig({ catalogWriteRefresh: 'immediate' }));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await engine.close();
  });

  it('writes with the configured refresh policy', async () => {
    const spy = jest.spyOn(repository, 'putPlaces');
    expect(await service.putPlace(samplePlace({ id: 'a' }))).toEqual({
      status: 201,
      answer: { id: 'a', result: 'created' },
    });
    expect(spy).toHaveBeenCalledWith([expect.objectContaining({ id: 'a' })], 'immediate');
  });

  it('validates batch items one by one and writes the valid ones in one go', async () => {
    const spy = jest.spyOn(repository, 'putMembers');
    const result = await service.putMembers(
      [sampleMember({ id: 'm1' }), { id: 'm2' }, sampleMember({ id: 'm3' })],
      'none',
    );
    expect(result.stored).toBe(2);
    expect(result.failed).toBe(1);
    expect(result.items.map((i) => [i.index, i.id, i.result])).toEqual([
      [0, 'm1', 'created'],
      [1, 'm2', 'invalid'],
      [2, 'm3', 'created'],
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0].map((m) => m.id)).toEqual(['m1', 'm3']);
  });

  it('leaves out an unusable id from an invalid item', async () => {
    const result = await service.putPlaces([{ id: 'bad id!' }], 'none');
    expect(result.items[0]).toMatchObject({ index: 0, result: 'invalid' });
    expect(result.items[0].id).toBeUndefined();
  });

  it('maps engine failures: busy or missing index → 503 (retry), refused document → 400', async () => {
    const failed = (status: number, type: string): WriteResult => ({
      id: 'a',
      result: 'failed',
      status,
      error: { type, reason: 'r' },
    });
    jest
      .spyOn(repository, 'putPlaces')
      .mockResolvedValueOnce([
        failed(503, 'illegal_argument_exception'),
        failed(404, 'index_not_found_exception'),
        failed(400, 'mapper_parsing_exception'),
      ]);
    const result = await service.putPlaces(
      [samplePlace({ id: 'a' }), samplePlace({ id: 'b' }), samplePlace({ id: 'c' })],
      'none',
    );
    expect(result.items.map((i) => [i.status, i.result])).toEqual([
      [503, 'failed'],
      [503, 'failed'],
      [400, 'failed'],
    ]);
    expect(result.items[2].errors).toEqual([
      { field: '', message: 'the search engine refused the document (mapper_parsing_exception: r)' },
    ]);

    jest.spyOn(repository, 'putPlaces').mockResolvedValueOnce([failed(503, 'x')]);
    await expect(service.putPlace(samplePlace({ id: 'a' }))).rejects.toBeInstanceOf(
      DependencyUnavailableException,
    );
    jest.spyOn(repository, 'putPlaces').mockResolvedValueOnce([failed(400, 'x')]);
    await expect(service.putPlace(samplePlace({ id: 'a' }))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('writes relationships at once (immediate), idempotently, and refuses one with oneself', async () => {
    const spy = jest.spyOn(repository, 'putEdges');
    expect(await service.putRelation('connection', 'zed', 'amy')).toEqual({
      status: 201,
      answer: { id: 'connection:amy:zed', result: 'created', kind: 'connection', a: 'amy', b: 'zed' },
    });
    expect(spy).toHaveBeenCalledWith([expect.objectContaining({ kind: 'connection' })], 'immediate', true);
    expect((await service.putRelation('connection', 'amy', 'zed')).answer.result).toBe('exists');
    expect(() => service.putRelation('block', 'amy', 'amy')).rejects.toBeInstanceOf(InvalidInputException);
    expect(await service.deleteRelation('connection', 'amy', 'zed')).toMatchObject({ result: 'deleted' });
  });
});
