import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answers of the experiment endpoints, for the OpenAPI document. */

export class RankerDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 'travel.score.taste': 5 },
  })
  parameters!: Record<string, number>;
}

export class InterleaveDto {
  @ApiProperty({ type: RankerDto })
  A!: RankerDto;

  @ApiProperty({ type: RankerDto })
  B!: RankerDto;
}

export class VariantDto {
  @ApiProperty({ example: 'taste-5' })
  name!: string;

  @ApiProperty({ description: 'relative weight among the variants' })
  weight!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } })
  parameters?: Record<string, number>;

  @ApiPropertyOptional({ type: InterleaveDto, description: 'a team-draft interleaving of two rankers' })
  interleave?: InterleaveDto;
}

export class AllocationDto {
  @ApiProperty({ description: "where its range of the layer's buckets starts, a share of 1", example: 0 })
  offset!: number;

  @ApiProperty({ description: "how much of the layer's buckets it takes, a share of 1", example: 0.5 })
  share!: number;
}

export class ExperimentDto {
  @ApiProperty({ example: 'travel-taste-weight' })
  name!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: ['travel', 'networking'] })
  scenario!: string;

  @ApiProperty()
  layer!: string;

  @ApiProperty({ enum: ['member', 'city', 'switchback'] })
  unit!: string;

  @ApiPropertyOptional({ description: 'switchback windows, minutes' })
  windowMinutes?: number;

  @ApiProperty({ type: AllocationDto, description: "the layer's buckets it takes: [offset, offset + share)" })
  allocation!: AllocationDto;

  @ApiProperty({ format: 'date-time' })
  start!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  end?: string;

  @ApiProperty({ description: 'whether it runs now' })
  running!: boolean;

  @ApiProperty({ type: [VariantDto] })
  variants!: VariantDto[];
}

export class LayerDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'the share of units held out of every experiment of the layer' })
  holdout!: number;
}

export class ExperimentListDto {
  @ApiProperty({ type: [LayerDto] })
  layers!: LayerDto[];

  @ApiProperty({ type: [ExperimentDto] })
  experiments!: ExperimentDto[];
}

export class AssignmentDto {
  @ApiProperty()
  experiment!: string;

  @ApiProperty()
  memberId!: string;

  @ApiProperty({ description: 'false when the member is in none of its variants now' })
  assigned!: boolean;

  @ApiPropertyOptional({
    description: 'the variant, or "holdout" when the member is in its layer\'s holdout',
  })
  variant?: string;

  @ApiPropertyOptional({ enum: ['member', 'city', 'switchback'] })
  unit?: string;

  @ApiPropertyOptional({
    description: 'the randomised unit: the member, the city, or the city and its window',
  })
  unitId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } })
  parameters?: Record<string, number>;

  @ApiPropertyOptional({ description: 'why the member is in no variant' })
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}
