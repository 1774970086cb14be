// Loads a package the first time a configured integration needs it, so an unconfigured one costs no memory.
//
// Redis, the OTLP exporter and the tracing SDK each add about 20-30 MB of RSS (their code and
// source text) to every process that imports them, used or not. They are CommonJS, so a
// synchronous require keeps their callers synchronous.
import { createRequire } from 'node:module';

const requireFromProject = createRequire(import.meta.url);

export function loadOptional<TModule>(specifier: string): TModule {
  return requireFromProject(specifier) as TModule;
}
