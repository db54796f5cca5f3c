import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { OpenRoute } from '../access/access-rule.decorator';
import { SearchHealthIndicator } from './search.health';
import { ServingHealthIndicator } from './serving.health';
import { SignalsHealthIndicator } from './signals.health';

/** Open without a key: orchestrators probe these. */
@OpenRoute()
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly search: SearchHealthIndicator,
    private readonly signals: SignalsHealthIndicator,
    private readonly serving: ServingHealthIndicator,
  ) {}

  /** The process answers: nothing else is checked (a dependency down must not get the service restarted). */
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked)' })
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * 200 when the engine answers, the search artifacts are installed, Redis (when configured) answers, the engine's
   * circuit is closed and no shutdown has begun; else 503.
   */
  @ApiOperation({
    summary:
      'Readiness: the engine answers with the search artifacts installed, Redis (when configured) answers, the ' +
      "engine's circuit is closed and the service is not shutting down",
  })
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([
        () => this.serving.check(),
        () => this.search.check(),
        () => this.signals.check(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503).header('Retry-After', '1');
      return error.getResponse();
    }
  }
}
