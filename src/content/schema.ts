import { z } from 'zod';
import { CONTENT, DISCORD } from '../core/limits.js';

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

/**
 * Where a lesson's facts come from: official documentation only. Hosts of AWS,
 * HashiCorp/Terraform, OpenTofu, Docker and Kubernetes, and GitHub
 * organisations of AWS, HashiCorp and terraform-aws-modules.
 */
const OFFICIAL_HOSTS = ['amazon.com', 'amazonaws.com', 'aws.dev', 'hashicorp.com', 'terraform.io', 'opentofu.org', 'docker.com', 'kubernetes.io'];
const OFFICIAL_GITHUB_OWNER = /^(aws[\w.-]*|hashicorp[\w.-]*|terraform-aws-modules)$/i;

export function sourceProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https link';
  if (value.length > DISCORD.linkUrl) return `must be at most ${DISCORD.linkUrl} characters (it becomes a link button)`;
  const host = url.hostname.toLowerCase();
  if (host === 'github.com') {
    const owner = url.pathname.split('/')[1] ?? '';
    return OFFICIAL_GITHUB_OWNER.test(owner) ? undefined : `GitHub links must be under aws…, hashicorp… or terraform-aws-modules, not "${owner}"`;
  }
  return OFFICIAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))
    ? undefined
    : `must link to official documentation (${OFFICIAL_HOSTS.join(', ')}, or github.com/aws…, hashicorp…, terraform-aws-modules), not ${host}`;
}

const sourcesSchema = z
  .array(z.string().trim().superRefine((value, ctx) => {
    const problem = sourceProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }))
  .min(1, `needs ${CONTENT.sources.min}–${CONTENT.sources.max} links`)
  .max(CONTENT.sources.max, `needs ${CONTENT.sources.min}–${CONTENT.sources.max} links`)
  .superRefine((links, ctx) => {
    links.forEach((link, index) => {
      if (links.indexOf(link) !== index) ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${link}` });
    });
  });

export const lessonFrontMatterSchema = z.strictObject({
  /** Official documentation the lesson was checked against: every lesson says where its facts come from. */
  sources: z.unknown().superRefine((value, ctx) => {
    if (value === undefined) ctx.addIssue({ code: 'custom', message: `is missing: list the ${CONTENT.sources.min}–${CONTENT.sources.max} official https links the lesson was checked against` });
  }).pipe(sourcesSchema),
  /** The month the lesson was last checked against its sources. */
  reviewed: z.unknown().superRefine((value, ctx) => {
    if (value === undefined) ctx.addIssue({ code: 'custom', message: 'is missing: the month the lesson was last checked against its sources, like "2026-12"' });
  }).pipe(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, like 2026-12')),
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
