import { Handles, PermanentError, Publishes, publishContext, type MessageContext } from '@jetbox/core';
import { injectable } from 'inversify';
import { Greeted, GreetingRequested } from './messages';

/** Turns greeting requests into greetings; refuses names it cannot greet. */
@injectable()
export class GreeterService {
  readonly greetings: string[] = [];

  /** Asks for a greeting: the request is published once this method resolves. */
  @Publishes(GreetingRequested)
  async requestGreeting(name: string, ctx = publishContext()): Promise<void> {
    ctx.publish(new GreetingRequested(name), { key: name });
  }

  @Handles(GreetingRequested, { durable: 'hello-greeter', concurrency: 4, retry: { maxDeliver: 3, initialDelayMs: 200 } })
  async onGreetingRequested(request: GreetingRequested, ctx: MessageContext): Promise<void> {
    if (request.name.toLowerCase() === 'voldemort') throw new PermanentError('we do not greet him');
    ctx.publish(new Greeted(request.name, `Hello, ${request.name}!`));
  }

  @Handles(Greeted, { durable: 'hello-printer' })
  async onGreeted(greeted: Greeted): Promise<void> {
    this.greetings.push(greeted.text);
  }
}
