/**
 * Slack's documented Block Kit limits, checked like Slack checks them: a message or view that breaks
 * one is refused with `invalid_blocks` and `response_metadata.messages` pointing at the field, so a
 * renderer bug fails a test instead of a post in someone's workspace.
 *
 * Lengths are UTF-16 code units (`string.length`), the stricter reading of Slack's "characters":
 * an emoji counts twice, so a text that fits here fits Slack either way.
 */
import type { Json } from './types.js';

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  text: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  actionId: 255,
  blockId: 255,
  imageUrl: 3000,
  altText: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  markdownText: 12_000,
  placeholder: 150,
  selectOptions: 100,
  overflowOptions: 5,
  optionText: 75,
  optionValue: 150,
  viewTitle: 24,
  viewButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  externalId: 255,
} as const;

const BLOCK_TYPES = new Set(['actions', 'context', 'divider', 'file', 'header', 'image', 'input', 'markdown', 'rich_text', 'section', 'video']);
const SELECTS = new Set(['static_select', 'multi_static_select']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems in Slack's own words, `[ERROR] … [json-pointer:/blocks/0/text/text]`. */
class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
  maxLength(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
  }
  /** A `block_id` or `action_id`: a non-empty string of at most `max`, not yet in `seen` (then added to it). */
  uniqueId(pointer: string, value: unknown, max: number, seen: Set<string>, scope: string): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value === '') return this.add(pointer, 'must be a non-empty string');
    this.maxLength(pointer, value, max);
    if (seen.has(value)) this.add(pointer, `${pointer.split('/').at(-1)} "${value}" is already used${scope}`);
    seen.add(value);
  }
  /** An array of 1..max items (Slack refuses empty lists where it wants elements). */
  items(pointer: string, value: unknown, max: number): unknown[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.add(pointer, 'must be a non-empty array');
      return [];
    }
    if (value.length > max) this.add(pointer, `must have no more than ${max} items`);
    return value;
  }
}

/** A text object: `plain_text` (or `mrkdwn` where allowed), non-empty, at most `max` characters. */
function text(p: Problems, pointer: string, value: unknown, max: number, plainOnly = false): void {
  if (!isObject(value)) return p.add(pointer, 'must be a text object');
  const type = value['type'];
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) p.add(`${pointer}/type`, plainOnly ? 'must be plain_text' : 'must be plain_text or mrkdwn');
  const content = value['text'];
  if (typeof content !== 'string' || content.length === 0) p.add(`${pointer}/text`, 'must be a non-empty string');
  p.maxLength(`${pointer}/text`, content, max);
  if (value['emoji'] !== undefined && type !== 'plain_text') p.add(`${pointer}/emoji`, 'is only allowed on plain_text');
}

function option(p: Problems, pointer: string, value: unknown): void {
  if (!isObject(value)) return p.add(pointer, 'must be an option object');
  text(p, `${pointer}/text`, value['text'], LIMITS.optionText);
  if (typeof value['value'] !== 'string' || value['value'] === '') p.add(`${pointer}/value`, 'must be a non-empty string');
  p.maxLength(`${pointer}/value`, value['value'], LIMITS.optionValue);
}

/** An interactive or image element; `actionIds` are the block's, which must not repeat. */
function element(p: Problems, pointer: string, value: unknown, actionIds: Set<string>): void {
  if (!isObject(value) || typeof value['type'] !== 'string') return p.add(pointer, 'must be an element with a type');
  p.uniqueId(`${pointer}/action_id`, value['action_id'], LIMITS.actionId, actionIds, ' in this block');
  if (value['placeholder'] !== undefined) text(p, `${pointer}/placeholder`, value['placeholder'], LIMITS.placeholder, true);
  const type = value['type'];
  if (type === 'button') {
    text(p, `${pointer}/text`, value['text'], LIMITS.buttonText, true);
    p.maxLength(`${pointer}/value`, value['value'], LIMITS.buttonValue);
    p.maxLength(`${pointer}/url`, value['url'], LIMITS.buttonUrl);
    p.maxLength(`${pointer}/accessibility_label`, value['accessibility_label'], LIMITS.accessibilityLabel);
    const style = value['style'];
    if (style !== undefined && style !== 'primary' && style !== 'danger') p.add(`${pointer}/style`, 'must be primary or danger');
  } else if (type === 'image') {
    if (typeof value['image_url'] !== 'string' && !isObject(value['slack_file'])) p.add(`${pointer}/image_url`, 'must be provided');
    p.maxLength(`${pointer}/image_url`, value['image_url'], LIMITS.imageUrl);
    if (typeof value['alt_text'] !== 'string' || value['alt_text'] === '') p.add(`${pointer}/alt_text`, 'must be a non-empty string');
    p.maxLength(`${pointer}/alt_text`, value['alt_text'], LIMITS.altText);
  } else if (SELECTS.has(type) && value['options'] !== undefined) {
    p.items(`${pointer}/options`, value['options'], LIMITS.selectOptions).forEach((o, i) => option(p, `${pointer}/options/${i}`, o));
  } else if (type === 'overflow') {
    p.items(`${pointer}/options`, value['options'], LIMITS.overflowOptions).forEach((o, i) => option(p, `${pointer}/options/${i}`, o));
  }
}

function block(p: Problems, pointer: string, value: unknown, blockIds: Set<string>): void {
  if (!isObject(value) || typeof value['type'] !== 'string') return p.add(pointer, 'must be a block with a type');
  if (!BLOCK_TYPES.has(value['type'])) return p.add(`${pointer}/type`, `must be a known block type, not "${value['type']}"`);
  p.uniqueId(`${pointer}/block_id`, value['block_id'], LIMITS.blockId, blockIds, '');
  // Slack: an action_id must be unique among the action_ids of its block.
  const actionIds = new Set<string>();
  switch (value['type']) {
    case 'section': {
      if (value['text'] === undefined && value['fields'] === undefined) p.add(pointer, 'must have text or fields');
      if (value['text'] !== undefined) text(p, `${pointer}/text`, value['text'], LIMITS.sectionText);
      if (value['fields'] !== undefined) {
        p.items(`${pointer}/fields`, value['fields'], LIMITS.sectionFields).forEach((f, i) => text(p, `${pointer}/fields/${i}`, f, LIMITS.fieldText));
      }
      if (value['accessory'] !== undefined) element(p, `${pointer}/accessory`, value['accessory'], actionIds);
      return;
    }
    case 'header':
      return text(p, `${pointer}/text`, value['text'], LIMITS.headerText, true);
    case 'context':
      return p.items(`${pointer}/elements`, value['elements'], LIMITS.contextElements).forEach((e, i) => {
        const at = `${pointer}/elements/${i}`;
        if (isObject(e) && e['type'] === 'image') element(p, at, e, actionIds);
        else text(p, at, e, LIMITS.text);
      });
    case 'actions':
      return p.items(`${pointer}/elements`, value['elements'], LIMITS.actionsElements).forEach((e, i) => element(p, `${pointer}/elements/${i}`, e, actionIds));
    case 'image':
      element(p, pointer, value, actionIds);
      if (value['title'] !== undefined) text(p, `${pointer}/title`, value['title'], LIMITS.altText, true);
      return;
    case 'input':
      text(p, `${pointer}/label`, value['label'], LIMITS.inputLabel, true);
      if (value['hint'] !== undefined) text(p, `${pointer}/hint`, value['hint'], LIMITS.inputHint, true);
      return element(p, `${pointer}/element`, value['element'], actionIds);
    case 'markdown':
      if (typeof value['text'] !== 'string' || value['text'] === '') p.add(`${pointer}/text`, 'must be a non-empty string');
      return p.maxLength(`${pointer}/text`, value['text'], LIMITS.markdownText);
    default:
      return;
  }
}

/** Problems with `blocks` on a message (≤ 50) or a view (≤ 100); [] when Slack would take them. */
export function blockProblems(blocks: unknown, surface: 'message' | 'view', at = '/blocks'): string[] {
  const p = new Problems();
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) {
    p.add(at, 'must be an array');
    return p.list;
  }
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) p.add(at, `must have no more than ${max} items`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => block(p, `${at}/${i}`, b, blockIds));
  return p.list;
}

/** Problems with a view (`views.publish`, `views.open`): its blocks, and a modal's title and buttons. */
export function viewProblems(view: unknown): string[] {
  if (!isObject(view)) return ['[ERROR] must be a view object [json-pointer:/view]'];
  const p = new Problems();
  // Which view types a method takes is the method's business (views.publish: home only): invalid_arguments.
  const type = view['type'];
  if (type === 'modal' || view['title'] !== undefined) text(p, '/view/title', view['title'], LIMITS.viewTitle, true);
  for (const button of ['submit', 'close']) if (view[button] !== undefined) text(p, `/view/${button}`, view[button], LIMITS.viewButton, true);
  const hasInput = Array.isArray(view['blocks']) && view['blocks'].some((b) => isObject(b) && b['type'] === 'input');
  if (type === 'modal' && hasInput && view['submit'] === undefined) p.add('/view/submit', 'is required when the view has input blocks');
  p.maxLength('/view/callback_id', view['callback_id'], LIMITS.callbackId);
  p.maxLength('/view/private_metadata', view['private_metadata'], LIMITS.privateMetadata);
  p.maxLength('/view/external_id', view['external_id'], LIMITS.externalId);
  return [...p.list, ...blockProblems(view['blocks'] ?? [], 'view', '/view/blocks')];
}

export interface Rejection {
  error: 'invalid_blocks' | 'msg_too_long';
  messages: string[];
}

/** Methods whose body is a message, and methods whose body carries a view. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
const VIEW_METHODS = new Set(['views.publish', 'views.open', 'views.update', 'views.push']);

/** A message body (a Web API call or a response_url POST) that breaks a limit. */
export function messageRejection(body: Json): Rejection | undefined {
  const text = body['text'];
  if (typeof text === 'string' && text.length > LIMITS.messageText) return { error: 'msg_too_long', messages: [] };
  const messages = blockProblems(body['blocks'], 'message');
  return messages.length === 0 ? undefined : { error: 'invalid_blocks', messages };
}

/** The fake's hook for the Web API: what Slack answers a message or view over its limits, if anything. */
export function blockKitRejection(method: string, body: Json): Rejection | undefined {
  if (MESSAGE_METHODS.has(method)) return messageRejection(body);
  if (!VIEW_METHODS.has(method) || body['view'] === undefined) return undefined;
  const messages = viewProblems(body['view']);
  return messages.length === 0 ? undefined : { error: 'invalid_blocks', messages };
}
