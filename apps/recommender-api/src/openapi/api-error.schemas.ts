import type { FieldError } from '@app/catalog';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ApiErrorBody } from '../common/api-error';

/** One problem of a request, naming the field. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({
    description: "dotted path of the field, e.g. `items[3].location.lat`; '' for the body itself",
  })
  field!: string;

  @ApiProperty({ example: 'location.lat must not be greater than 90' })
  message!: string;
}

/** The body of every error answer (see errorBody). */
export class ApiErrorBodyDto implements ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ description: 'one sentence; for bad input, the problems joined' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'for bad input: one entry per problem' })
  errors?: FieldErrorDto[];
}

const MEANINGS: Readonly<Record<number, string>> = {
  400: 'invalid input: `errors` names each field and its problem',
  401: 'no API key, or an unknown one',
  403: 'the API key lacks the scope this route needs',
  404: 'not found',
  429: 'too many requests for this API key: retry after `Retry-After` seconds',
  500: 'an unexpected failure',
  503: 'a dependency is unavailable: retry after `Retry-After` seconds',
};

/** Documents the error answers a route may give, each with the common error body. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: MEANINGS[status] ?? 'an error', type: ApiErrorBodyDto }),
    ),
  );
}
