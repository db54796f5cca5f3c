import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ResilienceModule } from '../resilience/resilience.module';
import { SearchModule } from '../search/search.module';
import { SignalsModule } from '../signals/signals.module';
import { HealthController } from './health.controller';
import { SearchHealthIndicator } from './search.health';
import { ServingHealthIndicator } from './serving.health';
import { SignalsHealthIndicator } from './signals.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SearchModule, SignalsModule, ResilienceModule],
  controllers: [HealthController],
  providers: [SearchHealthIndicator, SignalsHealthIndicator, ServingHealthIndicator],
})
export class HealthModule {}
