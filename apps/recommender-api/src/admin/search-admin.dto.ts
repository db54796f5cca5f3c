import {
  ArtifactAction,
  CATALOG_INDEX_KINDS,
  CatalogIndexKind,
  IndexInstallResult,
  InstallCheck,
  InstallReport,
  MappingState,
  ScriptInstallResult,
  TemplateInstallResult,
} from '@app/search';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArtifactsState, ArtifactsStatus } from '../search/search-artifacts.service';

/**
 * The answers of the operator endpoints, for the OpenAPI document. Each class implements the type the service
 * returns, so the compiler tells when the two drift apart.
 */

const ARTIFACT_ACTIONS: readonly ArtifactAction[] = ['created', 'updated', 'unchanged'];
const ARTIFACTS_STATES: readonly ArtifactsState[] = ['not_installed', 'installing', 'installed', 'failed'];
const MAPPING_STATES: readonly MappingState[] = ['current', 'outdated', 'unknown'];

export class ArtifactsStatusDto implements ArtifactsStatus {
  @ApiProperty()
  installed!: boolean;

  @ApiProperty({ enum: ARTIFACTS_STATES })
  state!: ArtifactsState;

  @ApiPropertyOptional({ description: 'why the last attempt failed' })
  error?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  installedAt?: string;

  @ApiPropertyOptional({ type: [String] })
  notes?: string[];
}

export class InstallCheckDto implements InstallCheck {
  @ApiProperty()
  installed!: boolean;

  @ApiProperty({ type: [String], description: 'what is missing or differs, one line each' })
  problems!: string[];
}

/** `GET /v1/admin/search/artifacts`. */
export class ArtifactsAnswerDto {
  @ApiProperty({ type: ArtifactsStatusDto, description: 'what this instance installed' })
  status!: ArtifactsStatusDto;

  @ApiProperty({ type: InstallCheckDto, description: 'the engine compared with the artifacts on disk, now' })
  check!: InstallCheckDto;
}

export class TemplateInstallResultDto implements TemplateInstallResult {
  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({ type: 'integer', description: 'the template version, when it has one' })
  version!: number | undefined;

  @ApiProperty({ enum: ARTIFACT_ACTIONS })
  action!: ArtifactAction;
}

export class IndexInstallResultDto implements IndexInstallResult {
  @ApiProperty({ enum: CATALOG_INDEX_KINDS })
  kind!: CatalogIndexKind;

  @ApiProperty()
  alias!: string;

  @ApiProperty({ description: 'the physical index behind the alias' })
  index!: string;

  @ApiProperty({ enum: ['created', 'exists'] })
  action!: 'created' | 'exists';

  @ApiProperty({ description: 'false while a reindex holds writes back (the alias has no write index)' })
  writable!: boolean;

  @ApiProperty({
    enum: MAPPING_STATES,
    description: 'outdated: the template changed since the index was made',
  })
  mapping!: MappingState;
}

export class ScriptInstallResultDto implements ScriptInstallResult {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ARTIFACT_ACTIONS })
  action!: ArtifactAction;
}

/** `POST /v1/admin/search/install`. */
export class InstallReportDto implements InstallReport {
  @ApiProperty({ type: [TemplateInstallResultDto] })
  componentTemplates!: TemplateInstallResultDto[];

  @ApiProperty({ type: [TemplateInstallResultDto] })
  indexTemplates!: TemplateInstallResultDto[];

  @ApiProperty({ type: [IndexInstallResultDto] })
  indices!: IndexInstallResultDto[];

  @ApiProperty({ type: [ScriptInstallResultDto] })
  scripts!: ScriptInstallResultDto[];

  @ApiProperty({ type: [String] })
  notes!: string[];

  @ApiProperty({ type: 'integer' })
  tookMs!: number;
}
