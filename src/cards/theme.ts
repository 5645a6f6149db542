/** One palette for every card: dark, like Discord's and Slack's dark themes, with enough contrast for small text. */
export const THEME = {
  background: '#1e1f29',
  panel: '#2a2c3a',
  text: '#f2f3f5',
  muted: '#a3a6b4',
  accent: '#7c8cff',
  right: '#3ba55d',
  wrong: '#ed4245',
  missed: '#4f5264',
  speed: '#faa61a',
  streak: '#f47b67',
  medals: ['#f5c542', '#c0c6cf', '#cd8a4f'],
  you: '#34385a',
} as const;

/**
 * Pixels per layout pixel. 1 gives an 800 px wide PNG, wider than Discord and Slack show an image
 * inline; 2 looked sharper when opened full size but took 68 ms a card instead of about 20 (the
 * PNG encoding grows with the pixels), over the 50 ms budget for a card.
 */
export const SCALE = 1;

/** Layout width in CSS-like pixels (the PNG is SCALE times wider). */
export const CARD_WIDTH = 800;
