import 'reflect-metadata';
import { runService } from '@continuity/service-kit';
import { ReconciliationApiModule } from './app.module';
import { API_OPEN_API } from './open-api';

runService(ReconciliationApiModule.forRoot(), { openApi: API_OPEN_API });
