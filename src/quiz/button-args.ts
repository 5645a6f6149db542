import { z } from 'zod';

/**
 * Button arguments that more than one quiz button carries. They live in a
 * module of their own because the replies that carry those buttons import each
 * other (a lesson offers a practice question, a question links to its lesson),
 * and a schema used while a module loads must not come through that cycle.
 */

/** Which of the four shown buttons (A–D) was clicked, as its position. */
export const shownChoiceArg = z.codec(z.string().regex(/^[0-3]$/), z.int().min(0).max(3), { decode: Number, encode: String });

/** A question's key travels as its two parts: the lesson id (`17.3`) and the hash of its wording (`0a1b2c3d4e`). */
export const lessonIdArg = z.string().regex(/^\d{1,3}\.\d{1,3}$/);
export const questionHashArg = z.string().regex(/^[0-9a-f]{10}$/);

/** A stored post's id (a quiz post, a study plan's day), as its digits. */
export const postIdArg = z.codec(z.string().regex(/^\d{1,15}$/), z.int().nonnegative(), { decode: Number, encode: String });
