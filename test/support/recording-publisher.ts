import type { Reply } from '../../src/core/reply.js';
import type { ChannelTarget, QuizPublisher } from '../../src/quiz/ports.js';

export interface Delivered {
  kind: 'post' | 'edit' | 'reply';
  target: ChannelTarget;
  messageId: string;
  reply: Reply;
}

/** A channel that keeps what the engine sends it: what a fake platform would record. */
export class RecordingPublisher implements QuizPublisher {
  readonly log: Delivered[] = [];
  private next = 1;

  async post(target: ChannelTarget, reply: Reply): Promise<string> {
    const messageId = `m${this.next++}`;
    this.log.push({ kind: 'post', target, messageId, reply });
    return messageId;
  }
  async edit(target: ChannelTarget, messageId: string, reply: Reply): Promise<void> {
    this.log.push({ kind: 'edit', target, messageId, reply });
  }
  async replyTo(target: ChannelTarget, messageId: string, reply: Reply): Promise<void> {
    this.log.push({ kind: 'reply', target, messageId, reply });
  }
  of(kind: Delivered['kind']): Delivered[] {
    return this.log.filter((d) => d.kind === kind);
  }
}
