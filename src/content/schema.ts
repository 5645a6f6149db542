import { z } from 'zod';
import { CONTENT } from '../core/limits.js';

/** The outline file: every chapter and subchapter, titles verbatim from the course. */
export const outlineSchema = z.object({
  course: z.string().min(1),
  chapters: z
    .array(
      z.object({
        number: z.number().int().positive(),
        title: z.string().min(1),
        subchapters: z
          .array(z.object({ id: z.string().regex(/^\d+\.\d+$/), title: z.string().min(1) }))
          .min(1),
      }),
    )
    .min(1),
});
export type Outline = z.infer<typeof outlineSchema>;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const chapterFrontMatterSchema = z.strictObject({
  number: z.number().int().positive(),
  title: z.string().min(1),
});

export const questionSchema = z
  .strictObject({
    question: text(CONTENT.question),
    choices: z.array(text(CONTENT.choice)).length(4, 'must have exactly 4 choices'),
    answer: z.number().int().min(0).max(3, 'must be the index (0–3) of the correct choice'),
    explanation: text(CONTENT.explanation).refine((value) => value.trim() === '' || value.trim().split(/\s+/).length >= 6, {
      message: 'must explain why the answer is right (at least 6 words)',
    }),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    q.choices.forEach((choice, index) => {
      const normalized = choice.trim().toLowerCase();
      if (seen.has(normalized)) {
        ctx.addIssue({ code: 'custom', path: ['choices', index], message: `repeats another choice ("${choice}")` });
      }
      seen.add(normalized);
    });
  });

export const lessonFrontMatterSchema = z.strictObject({
  id: z.string().regex(/^\d+\.\d+$/, 'must look like "17.3"'),
  title: z.string().min(1),
  keywords: z.array(text(CONTENT.keyword)).min(1, 'needs at least one keyword'),
  remember: z
    .array(text(CONTENT.rememberBullet))
    .min(CONTENT.rememberBullets.min, `needs ${CONTENT.rememberBullets.min}–${CONTENT.rememberBullets.max} bullets`)
    .max(CONTENT.rememberBullets.max, `needs ${CONTENT.rememberBullets.min}–${CONTENT.rememberBullets.max} bullets`),
  quiz: z.array(questionSchema).min(1, 'needs at least one question'),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;
