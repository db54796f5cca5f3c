import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SearchModule } from '../search/search.module';
import { SignalsModule } from '../signals/signals.module';
import { HealthController } from './health.controller';
import { SearchHealthIndicator } from './search.health';
import { SignalsHealthIndicator } from './signals.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SearchModule, SignalsModule],
  controllers: [HealthController],
  providers: [SearchHealthIndicator, SignalsHealthIndicator],
})
export class HealthModule {}
