import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What the OpenAPI document says about the service, and where it is served. */
export interface OpenApiOptions {
  title: string;
  /** UI path; the JSON document is served at `<path>-json`. Default `/docs`. */
  path?: string;
  version?: string;
  description?: string;
}

/** Serves the generated OpenAPI document and its UI; secured routes use `Authorization: Bearer`. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setVersion(options.version ?? '1')
      .setDescription(options.description ?? '')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup((options.path ?? '/docs').replace(/^\//, ''), app, document);
}
