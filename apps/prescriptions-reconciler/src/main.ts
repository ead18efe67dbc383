import 'reflect-metadata';
import { runService } from '@continuity/service-kit';
import { AppModule } from './app.module';

runService(AppModule);
