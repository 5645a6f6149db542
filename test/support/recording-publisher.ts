import type { Reply } from '../../src/core/reply.js';
import type { ChannelTarget, MessageProbe, QuizPublisher, SendOptions } from '../../src/quiz/ports.js';

export interface Delivered {
  kind: 'post' | 'edit' | 'reply';
  target: ChannelTarget;
  messageId: string;
  reply: Reply;
  key?: string;
  /** For replies: the message replied to. */
  replyTo?: string;
}

/**
 * A channel that keeps what the engine sends it: what a fake platform would
 * record. `failNext` makes the next calls of a kind fail as a platform outage
 * would (after nothing was sent).
 */
export class RecordingPublisher implements QuizPublisher {
  readonly log: Delivered[] = [];
  private next = 1;
  private readonly failures: Array<{ kind: Delivered['kind']; only: (reply: Reply) => boolean; error: Error }> = [];

  /** The next `times` calls of `kind` (for messages `only` picks) fail. */
  failNext(kind: Delivered['kind'], times = 1, only: (reply: Reply) => boolean = () => true, error = new Error('503 Service Unavailable')): void {
    for (let i = 0; i < times; i++) this.failures.push({ kind, only, error });
  }

  private maybeFail(kind: Delivered['kind'], reply: Reply): void {
    const index = this.failures.findIndex((f) => f.kind === kind && f.only(reply));
    if (index !== -1) throw this.failures.splice(index, 1)[0]!.error;
  }

  async post(target: ChannelTarget, reply: Reply, options?: SendOptions): Promise<string> {
    this.maybeFail('post', reply);
    const messageId = `m${this.next++}`;
    this.log.push({ kind: 'post', target, messageId, reply, key: options?.key });
    return messageId;
  }
  async edit(target: ChannelTarget, messageId: string, reply: Reply): Promise<void> {
    this.maybeFail('edit', reply);
    this.log.push({ kind: 'edit', target, messageId, reply });
  }
  async replyTo(target: ChannelTarget, messageId: string, reply: Reply, options?: SendOptions): Promise<void> {
    this.maybeFail('reply', reply);
    this.log.push({ kind: 'reply', target, messageId: `m${this.next++}`, replyTo: messageId, reply, key: options?.key });
  }
  async findMessage(target: ChannelTarget, probe: MessageProbe): Promise<string | undefined> {
    const found = this.log.find(
      (d) =>
        d.kind !== 'edit' &&
        d.target.channelId === target.channelId &&
        (d.key === probe.key || (probe.actionId !== undefined && (d.reply.buttons ?? []).flat().some((b) => b.action === probe.actionId))),
    );
    return found?.messageId;
  }
  of(kind: Delivered['kind']): Delivered[] {
    return this.log.filter((d) => d.kind === kind);
  }
}
