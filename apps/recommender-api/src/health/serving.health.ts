import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EngineCircuit } from '../resilience/engine-circuit';
import { ShutdownCoordinator } from '../resilience/shutdown-coordinator';

/**
 * Down while the engine's circuit is not closed (the feeds answer from the fallback: send traffic elsewhere) and once
 * shutdown has begun (the first thing a SIGTERM changes, so that load balancers stop sending requests).
 */
@Injectable()
export class ServingHealthIndicator {
  constructor(
    private readonly circuit: EngineCircuit,
    private readonly shutdown: ShutdownCoordinator,
    private readonly health: HealthIndicatorService,
  ) {}

  check(): HealthIndicatorResult {
    const indicator = this.health.check('serving');
    const data = { engineCircuit: this.circuit.state, shuttingDown: this.shutdown.isDraining };
    return this.circuit.state === 'closed' && !this.shutdown.isDraining
      ? indicator.up(data)
      : indicator.down(data);
  }
}
