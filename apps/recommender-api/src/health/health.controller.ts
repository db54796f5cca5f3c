import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { OpenRoute } from '../access/access-rule.decorator';
import { SearchHealthIndicator } from './search.health';
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
  ) {}

  /** The process answers: nothing else is checked (a dependency down must not get the service restarted). */
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked)' })
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** 200 when the engine answers, the search artifacts are installed and Redis (when configured) answers; else 503. */
  @ApiOperation({
    summary:
      'Readiness: the engine answers with the search artifacts installed, and Redis (when configured) answers',
  })
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([() => this.search.check(), () => this.signals.check()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503).header('Retry-After', '1');
      return error.getResponse();
    }
  }
}
