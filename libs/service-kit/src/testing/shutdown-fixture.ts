/**
 * A minimal service on the kit, run as a child process by `shutdown.int-spec.ts` to prove that
 * SIGTERM/SIGINT run the shutdown hooks and let the process end. Reads its env like a real app.
 */
import 'reflect-metadata';
import { Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { runService, ServiceKitModule } from '../index';

@Injectable()
class ShutdownWitness implements OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void {
    new Logger('ShutdownWitness').log(`shutdown hook ran on ${signal ?? 'close'}`);
  }
}

@Module({
  imports: [
    ServiceKitModule.forRoot({
      service: 'scheduling',
      defaultPort: 3103,
      health: { brokerProbe: { useValue: { check: async () => true } } },
    }),
  ],
  providers: [ShutdownWitness],
})
class FixtureModule {}

runService(FixtureModule);
