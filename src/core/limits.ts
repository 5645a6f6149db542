/**
 * Platform limits that every piece of content and every reply must respect.
 * They live in the core because content validation, the reply model and every
 * renderer share them: a text that passes validation must never be rejected by
 * Discord or Slack.
 */
export const DISCORD = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  buttonsPerRow: 5,
  actionRows: 5,
  customId: 100,
  /** A link button's url. */
  linkUrl: 512,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  messageContent: 2000,
  /** An attachment's description: the alt text of an image. */
  attachmentDescription: 1024,
} as const;

export const SLACK = {
  sectionText: 3000,
  sectionFields: 10,
  headerText: 150,
  buttonText: 75,
  blocks: 50,
} as const;

/**
 * Forms (a Discord modal, a Slack modal view): each part within the stricter
 * platform's limit, so a form that passes `reply()` opens on both.
 */
export const FORM = {
  /** Slack's modal title (Discord's modal title allows 45). */
  title: 24,
  /** Slack's submit button (Discord's modal has its own). */
  submitLabel: 24,
  /** Discord's label (Slack's input label allows 2,000). */
  fieldLabel: 45,
  /** Discord's placeholder (Slack's allows 150). */
  placeholder: 100,
  /** A field's longest value: Slack's plain_text_input (Discord's text input allows 4,000). */
  fieldValue: 3000,
  /** Fields per form: Discord's classic modal held five. */
  fields: 5,
} as const;

/** Limits for authored content, derived from where each text is rendered. */
export const CONTENT = {
  /** The lesson body becomes an embed description. */
  lessonBody: DISCORD.embedDescription,
  chapterOverview: 2000,
  /** The "remember" list becomes one embed field. */
  rememberList: DISCORD.embedFieldValue,
  rememberBullets: { min: 3, max: 6 },
  /** Official links per lesson: each becomes a link button (five to a row). */
  sources: { min: 1, max: 6 },
  rememberBullet: 240,
  keyword: 50,
  question: 500,
  choice: 200,
  /** Shown in a field after "✅ Correct!" or "❌ …": keep room for the prefix. */
  explanation: 900,
  /** Monospace lines (code and tables) wider than this wrap badly on Discord and Slack. */
  monospaceLine: 80,
} as const;
