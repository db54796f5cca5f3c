import { InstallCheck, InstallReport, SearchEngineError } from '@app/search';
import { Controller, Get, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { DependencyUnavailableException, errorBody } from '../common/api-error';
import { ArtifactsStatus, SearchArtifactsService } from '../search/search-artifacts.service';

/**
 * Operator endpoints for the search artifacts (the CLI's search:install does the same from a shell). Meant for
 * operators only: issue 8's access control puts them under the `admin` scope.
 */
@Controller('v1/admin/search')
export class SearchAdminController {
  constructor(private readonly artifacts: SearchArtifactsService) {}

  /** What this instance installed, and a fresh comparison of the engine with the artifacts on disk. */
  @Get('artifacts')
  async artifactsStatus(): Promise<{ status: ArtifactsStatus; check: InstallCheck }> {
    return { status: this.artifacts.status, check: await this.artifacts.check() };
  }

  /**
   * Installs now (idempotent: unchanged artifacts are not rewritten) and answers the report. A failure answers what
   * failed (the step, the file, the engine's reason): 503 when the engine is unreachable, 500 otherwise.
   */
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
