import { ExperimentCatalog, ExperimentDefinition, isInterleaved, unitKindOf } from '@app/experiments';
import { MemberSearch } from '@app/search';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../access/access-rule.decorator';
import { EntityIdPipe } from '../common/entity-id.pipe';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { AssignmentDto, ExperimentDto, ExperimentListDto } from './experiments.dto';

/** Operators' view of the experiments loaded at boot, and of where a member stands in one of them now. */
@RequireScope('admin')
@ApiTags('experiments')
@Controller('v1/experiments')
export class ExperimentsController {
  constructor(
    private readonly catalog: ExperimentCatalog,
    private readonly members: MemberSearch,
  ) {}

  @ApiOperation({ summary: 'The layers and experiments loaded at boot, and which of them run now' })
  @ApiOkResponse({ type: ExperimentListDto })
  @Get()
  list(): ExperimentListDto {
    const now = Date.now();
    return {
      layers: this.catalog.layers.map(({ name, holdout }) => ({ name, holdout })),
      experiments: this.catalog.experiments.map((e) => experimentDto(e, now)),
    };
  }

  @ApiOperation({
    summary:
      "A member's variant of one experiment now (the member's city decides it for city and switchback units)",
  })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiErrorResponses(400, 404, 503)
  @Get(':name/assignment/:memberId')
  async assignment(
    @Param('name') name: string,
    @Param('memberId', EntityIdPipe) memberId: string,
  ): Promise<AssignmentDto> {
    const experiment = this.catalog.find(name);
    if (!experiment) throw new NotFoundException(`no experiment is named ${JSON.stringify(name)}`);
    const member = await this.members.getMember(memberId);
    if (!member) throw new NotFoundException(`member ${memberId} does not exist`);
    const now = Date.now();
    const at = new Date(now).toISOString();
    const assignments = this.catalog.assign(experiment.scenario, { memberId, city: member.city, now });
    const mine = assignments.find((a) => (a.holdout ? a.layer === experiment.layer : a.experiment === name));
    if (!mine) {
      return {
        experiment: name,
        memberId,
        assigned: false,
        reason: whyNot(experiment, now, member.city),
        at,
      };
    }
    if (mine.holdout) {
      return {
        experiment: name,
        memberId,
        assigned: true,
        variant: 'holdout',
        unit: mine.unit,
        unitId: mine.unitId,
        at,
      };
    }
    return {
      experiment: name,
      memberId,
      assigned: true,
      variant: mine.variant,
      unit: mine.unit,
      unitId: mine.unitId,
      parameters: { ...mine.parameters },
      at,
    };
  }
}

function running(e: ExperimentDefinition, now: number): boolean {
  return Date.parse(e.start) <= now && (e.end === undefined || now < Date.parse(e.end));
}

function whyNot(e: ExperimentDefinition, now: number, city: string | undefined): string {
  if (!running(e, now)) return `it runs from ${e.start}${e.end ? ` to ${e.end}` : ''}`;
  if (unitKindOf(e.unit) !== 'member' && !city) return 'it randomises cities, and the member has none';
  return `the ${unitKindOf(e.unit)}'s bucket is outside its allocation (or taken by another experiment of its layer)`;
}

function experimentDto(e: ExperimentDefinition, now: number): ExperimentDto {
  return {
    name: e.name,
    version: e.version,
    description: e.description,
    scenario: e.scenario,
    layer: e.layer,
    unit: unitKindOf(e.unit),
    ...(typeof e.unit === 'object' && { windowMinutes: e.unit.windowMinutes }),
    allocation: { ...e.allocation },
    start: e.start,
    ...(e.end !== undefined && { end: e.end }),
    running: running(e, now),
    variants: e.variants.map((v) =>
      isInterleaved(v)
        ? {
            name: v.name,
            weight: v.weight,
            interleave: {
              A: { parameters: { ...v.interleave.A.parameters } },
              B: { parameters: { ...v.interleave.B.parameters } },
            },
          }
        : { name: v.name, weight: v.weight, parameters: { ...v.parameters } },
    ),
  };
}
