/**
 * Block Kit checks the fake applies like Slack does: a message or view that breaks a limit is refused
 * with `invalid_blocks` and `response_metadata.messages` pointing at the field, so renderer bugs show
 * up in tests instead of in a workspace.
 */
import type { Json } from './types.js';

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  blockId: 255,
  buttonValue: 2000,
  buttonUrl: 3000,
} as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value['text'] === 'string' ? value['text'] : undefined;
}

class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
  maxLength(pointer: string, value: string | undefined, max: number): void {
    if (value !== undefined && value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
  }
}

function checkTextObject(problems: Problems, pointer: string, value: unknown, max: number, plainOnly = false): void {
  if (!isObject(value)) return problems.add(pointer, 'must be a text object');
  const type = value['type'];
  if (type !== 'plain_text' && (plainOnly || type !== 'mrkdwn')) problems.add(`${pointer}/type`, plainOnly ? 'must be plain_text' : 'must be plain_text or mrkdwn');
  const text = textOf(value);
  if (text === undefined || text.length === 0) problems.add(`${pointer}/text`, 'must be a non-empty string');
  problems.maxLength(`${pointer}/text`, text, max);
}

function checkElement(problems: Problems, pointer: string, element: unknown, actionIds: Set<string>): void {
  if (!isObject(element)) return problems.add(pointer, 'must be an object');
  const actionId = element['action_id'];
  if (typeof actionId === 'string') {
    problems.maxLength(`${pointer}/action_id`, actionId, LIMITS.actionId);
    if (actionIds.has(actionId)) problems.add(`${pointer}/action_id`, `action_id "${actionId}" is already used`);
    actionIds.add(actionId);
  }
  if (element['type'] === 'button') {
    checkTextObject(problems, `${pointer}/text`, element['text'], LIMITS.buttonText, true);
    if (element['value'] !== undefined) problems.maxLength(`${pointer}/value`, String(element['value']), LIMITS.buttonValue);
    if (element['url'] !== undefined) problems.maxLength(`${pointer}/url`, String(element['url']), LIMITS.buttonUrl);
    const style = element['style'];
    if (style !== undefined && style !== 'primary' && style !== 'danger') problems.add(`${pointer}/style`, 'must be primary or danger');
  }
}

function checkBlock(problems: Problems, pointer: string, block: unknown, blockIds: Set<string>): void {
  // Slack: an action_id must be unique among the action_ids of its block.
  const actionIds = new Set<string>();
  if (!isObject(block) || typeof block['type'] !== 'string') return problems.add(pointer, 'must be a block with a type');
  const blockId = block['block_id'];
  if (typeof blockId === 'string') {
    problems.maxLength(`${pointer}/block_id`, blockId, LIMITS.blockId);
    if (blockIds.has(blockId)) problems.add(`${pointer}/block_id`, `block_id "${blockId}" is already used`);
    blockIds.add(blockId);
  }
  switch (block['type']) {
    case 'section': {
      const fields = block['fields'];
      if (block['text'] === undefined && fields === undefined) problems.add(pointer, 'must have text or fields');
      if (block['text'] !== undefined) checkTextObject(problems, `${pointer}/text`, block['text'], LIMITS.sectionText);
      if (Array.isArray(fields)) {
        if (fields.length > LIMITS.sectionFields) problems.add(`${pointer}/fields`, `must have no more than ${LIMITS.sectionFields} items`);
        fields.forEach((field, i) => checkTextObject(problems, `${pointer}/fields/${i}`, field, LIMITS.fieldText));
      }
      if (block['accessory'] !== undefined) checkElement(problems, `${pointer}/accessory`, block['accessory'], actionIds);
      return;
    }
    case 'header':
      return checkTextObject(problems, `${pointer}/text`, block['text'], LIMITS.headerText, true);
    case 'context': {
      const elements = block['elements'];
      if (!Array.isArray(elements) || elements.length === 0) return problems.add(`${pointer}/elements`, 'must be a non-empty array');
      if (elements.length > LIMITS.contextElements) problems.add(`${pointer}/elements`, `must have no more than ${LIMITS.contextElements} items`);
      return;
    }
    case 'actions': {
      const elements = block['elements'];
      if (!Array.isArray(elements) || elements.length === 0) return problems.add(`${pointer}/elements`, 'must be a non-empty array');
      if (elements.length > LIMITS.actionsElements) problems.add(`${pointer}/elements`, `must have no more than ${LIMITS.actionsElements} items`);
      elements.forEach((element, i) => checkElement(problems, `${pointer}/elements/${i}`, element, actionIds));
      return;
    }
    default:
      return;
  }
}

/** Problems with `blocks` (Slack's `response_metadata.messages` lines); empty when they are valid. */
export function blockProblems(blocks: unknown, surface: 'message' | 'view'): string[] {
  const problems = new Problems();
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) {
    problems.add('/blocks', 'must be an array');
    return problems.list;
  }
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) problems.add('/blocks', `must have no more than ${max} items`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => checkBlock(problems, `/blocks/${i}`, block, blockIds));
  return problems.list;
}

export function textTooLong(text: unknown): boolean {
  return typeof text === 'string' && text.length > LIMITS.messageText;
}
