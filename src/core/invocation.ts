import type { ChannelRef, Actor, Tenant } from './command.js';

/** What every interaction carries into the core: where it comes from and who made it. */
export interface Invocation {
  tenant: Tenant;
  user: Actor;
  channel?: ChannelRef;
}

export interface CommandInvocation extends Invocation {
  name: string;
  subcommand?: string;
  /** Raw option values as the platform delivered them. */
  options: Record<string, unknown>;
}

export interface AutocompleteInvocation extends Invocation {
  name: string;
  subcommand?: string;
  option: string;
  value: string;
}

export interface ActionInvocation extends Invocation {
  actionId: string;
  /**
   * The button sat on a message everyone in the channel sees. A reply that
   * would replace that message is sent privately instead, so no member can
   * change what the others see (or show them their own answer).
   */
  onPublicMessage?: boolean;
}

/** A form sent back (a Discord modal, a Slack view submission, the console's stand-in). */
export interface SubmitInvocation extends Invocation {
  /** The form's submit action id, as the platform returned it: as untrusted as a button's. */
  actionId: string;
  /** Field id → what the member typed, as the platform delivered it. */
  values: Readonly<Record<string, unknown>>;
}

export type Outcome = 'ok' | 'user-error' | 'error';

/** One finished interaction: for the log line and the metrics (see src/ops). */
export interface InteractionRecord {
  platform: string;
  tenant: string;
  kind: 'command' | 'action' | 'autocomplete' | 'home' | 'submit';
  name: string;
  outcome: Outcome;
  ms: number;
}

export type InteractionObserver = (record: InteractionRecord) => void;
