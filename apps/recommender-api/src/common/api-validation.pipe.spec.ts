import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsString } from 'class-validator';
import { InvalidInputException } from './api-error';
import { ApiValidationPipe, bracketIndices } from './api-validation.pipe';

class SampleDto {
  @IsString()
  name!: string;

  @IsInt()
  count!: number;
}

const body: ArgumentMetadata = { type: 'body', metatype: SampleDto, data: undefined };

async function problems(value: unknown): Promise<unknown> {
  try {
    await new ApiValidationPipe().transform(value, body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputException);
    return (error as InvalidInputException).getResponse();
  }
  throw new Error('expected a refusal');
}

describe('ApiValidationPipe', () => {
  it('returns the DTO instance for a valid body', async () => {
    const value = await new ApiValidationPipe().transform({ name: 'a', count: 1 }, body);
    expect(value).toBeInstanceOf(SampleDto);
  });

  it('names each field and its problem, with the messages joined', async () => {
    expect(await problems({ name: 1, count: '2' })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'name must be a string; count must be an integer number',
      errors: [
        { field: 'name', message: 'name must be a string' },
        { field: 'count', message: 'count must be an integer number' },
      ],
    });
  });

  it('refuses unknown fields and does not convert types', async () => {
    expect(await problems({ name: 'a', count: '3', admin: true })).toMatchObject({
      errors: [
        { field: 'admin', message: 'property admin should not exist' },
        { field: 'count', message: 'count must be an integer number' },
      ],
    });
  });

  it.each([[undefined], [null], [[{ name: 'a', count: 1 }]], ['text'], [3]])(
    'refuses a body that is %j',
    async (value) => {
      expect(await problems(value)).toMatchObject({
        errors: [{ field: '', message: 'the request body must be a JSON object' }],
      });
    },
  );

  it('leaves path parameters to their own pipes', async () => {
    const pipe = new ApiValidationPipe();
    expect(await pipe.transform('abc', { type: 'param', metatype: String, data: 'id' })).toBe('abc');
  });
});

describe('bracketIndices', () => {
  it('writes array positions as [i]', () => {
    expect(bracketIndices('events.3.target.kind')).toBe('events[3].target.kind');
    expect(bracketIndices('items.12')).toBe('items[12]');
    expect(bracketIndices('location.lat')).toBe('location.lat');
  });
});
