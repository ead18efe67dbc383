import { Module } from '@nestjs/common';
import { schedulingRuleSet } from '@continuity/scheduling';
import { ReconcilerAppModule } from '@continuity/reconciler';

/** The scheduling reconciler: the scheduling rule set behind the shared reconciler wiring. */
@Module({ imports: [ReconcilerAppModule.forDomain({ domain: 'scheduling', ruleSet: schedulingRuleSet(), defaultPort: 3103 })] })
export class AppModule {}
