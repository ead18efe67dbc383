import { Module } from '@nestjs/common';
import { prescriptionsRuleSet } from '@continuity/prescriptions';
import { ReconcilerAppModule } from '@continuity/reconciler';

/** The prescriptions reconciler: the prescriptions rule set behind the shared reconciler wiring. */
@Module({ imports: [ReconcilerAppModule.forDomain({ domain: 'prescriptions', ruleSet: prescriptionsRuleSet(), defaultPort: 3101 })] })
export class AppModule {}
