import { InstallCheck, InstallReport, SearchEngineError } from '@app/search';
import { Controller, Get, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../access/access-rule.decorator';
import { DependencyUnavailableException, errorBody } from '../common/api-error';
import { ApiErrorResponses } from '../openapi/api-error.schemas';
import { ArtifactsStatus, SearchArtifactsService } from '../search/search-artifacts.service';
import { ArtifactsAnswerDto, InstallReportDto } from './search-admin.dto';

/**
 * Operator endpoints for the search artifacts (the CLI's search:install does the same from a shell). Meant for
 * operators only: issue 8's access control puts them under the `admin` scope.
 */
@RequireScope('admin')
@ApiTags('admin')
@Controller('v1/admin/search')
export class SearchAdminController {
  constructor(private readonly artifacts: SearchArtifactsService) {}

  /** What this instance installed, and a fresh comparison of the engine with the artifacts on disk. */
  @ApiOperation({
    summary: 'What this instance installed, and the engine compared with the artifacts on disk',
  })
  @ApiOkResponse({ type: ArtifactsAnswerDto })
  @ApiErrorResponses(503)
  @Get('artifacts')
  async artifactsStatus(): Promise<{ status: ArtifactsStatus; check: InstallCheck }> {
    return { status: this.artifacts.status, check: await this.artifacts.check() };
  }

  /**
   * Installs now (idempotent: unchanged artifacts are not rewritten) and answers the report. A failure answers what
   * failed (the step, the file, the engine's reason): 503 when the engine is unreachable, 500 otherwise.
   */
  @ApiOperation({ summary: 'Installs the index templates, indices and stored scripts now (idempotent)' })
  @ApiOkResponse({ type: InstallReportDto })
  @ApiErrorResponses(500, 503)
  @Post('install')
  @HttpCode(200)
  async install(): Promise<InstallReport> {
    try {
      return await this.artifacts.install();
    } catch (error) {
      const message = `installing the search artifacts failed: ${(error as Error).message}`;
      if (error instanceof SearchEngineError && error.transient)
        throw new DependencyUnavailableException(message, 5);
      throw new HttpException(
        errorBody(HttpStatus.INTERNAL_SERVER_ERROR, message),
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
  }
}
