export { appGenerator } from './app/app.generator';
export type { AppGeneratorSchema } from './app/app.schema';
export { eventGenerator } from './event/event.generator';
export type { EventGeneratorSchema } from './event/event.schema';
export { handlerGenerator } from './handler/handler.generator';
export type { HandlerGeneratorSchema } from './handler/handler.schema';
export { GeneratorRefusal } from './shared/generator-refusal';
