import { Module } from '@nestjs/common';
import { labRuleSet } from '@continuity/lab';
import { ReconcilerAppModule } from '@continuity/reconciler';

/** The lab reconciler: the lab rule set behind the shared reconciler wiring. */
@Module({ imports: [ReconcilerAppModule.forDomain({ domain: 'lab', ruleSet: labRuleSet(), defaultPort: 3102 })] })
export class AppModule {}
