import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFingerprint, loadCourseCached, writeCache } from '../../src/content/cache.js';
import { ContentError } from '../../src/content/loader.js';
import { lessonFile, validLesson, writeContent } from '../support/content-fixture.js';

const LESSON = '01-basics/1.1-first-steps.md';

describe('GIVEN a content cache', () => {
  it('WHEN nothing changed THEN the second start reads the validated course from the cache', async () => {
    const dir = await writeContent({ [LESSON]: lessonFile(validLesson()) });
    const cacheFile = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-cache-')), 'cache.json');
    const first = await loadCourseCached(dir, { writable: cacheFile });
    const second = await loadCourseCached(dir, { writable: cacheFile });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.course).toEqual(first.course);
  });

  it('WHEN a lesson is edited THEN it is validated again, and a broken edit is reported instead of served stale', async () => {
    const dir = await writeContent({ [LESSON]: lessonFile(validLesson()) });
    const cacheFile = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-cache-')), 'cache.json');
    await loadCourseCached(dir, { writable: cacheFile });
    await writeFile(path.join(dir, LESSON), lessonFile(validLesson({ title: 'Renamed' })));
    await expect(loadCourseCached(dir, { writable: cacheFile })).rejects.toThrow(ContentError);
    await writeFile(path.join(dir, LESSON), lessonFile(validLesson({ keywords: ['changed'] })));
    const reloaded = await loadCourseCached(dir, { writable: cacheFile });
    expect(reloaded.fromCache).toBe(false);
    expect(reloaded.course.chapters[0]!.subchapters[0]!.lesson!.keywords).toEqual(['changed']);
  });

  it('WHEN the cache cannot be written THEN the course still loads', async () => {
    const dir = await writeContent({ [LESSON]: lessonFile(validLesson()) });
    // A regular file where the cache folder should be: every write fails at once.
    const blocker = path.join(await mkdtemp(path.join(tmpdir(), 'studybot-cache-')), 'not-a-folder');
    await writeFile(blocker, '');
    const result = await loadCourseCached(dir, { writable: path.join(blocker, 'cache.json') });
    expect(result.course.chapters).toHaveLength(2);
  });

  it('WHEN the build validated this content THEN a first start reads that copy and writes nothing', async () => {
    const dir = await writeContent({ [LESSON]: lessonFile(validLesson()) });
    const folder = await mkdtemp(path.join(tmpdir(), 'studybot-cache-'));
    const bundled = path.join(folder, 'bundled.json');
    await writeCache(bundled, await contentFingerprint(dir), (await loadCourseCached(dir)).course);
    const writable = path.join(folder, 'data', 'cache.json');
    const first = await loadCourseCached(dir, { bundled, writable });
    expect(first.fromCache).toBe(true);
    await expect(access(writable)).rejects.toThrow();
  });

  it('WHEN the content changed since the build THEN the build copy is ignored and the edit is validated and served', async () => {
    const dir = await writeContent({ [LESSON]: lessonFile(validLesson()) });
    const folder = await mkdtemp(path.join(tmpdir(), 'studybot-cache-'));
    const bundled = path.join(folder, 'bundled.json');
    await writeCache(bundled, await contentFingerprint(dir), (await loadCourseCached(dir)).course);
    await writeFile(path.join(dir, LESSON), lessonFile(validLesson({ keywords: ['edited'] })));
    const result = await loadCourseCached(dir, { bundled, writable: path.join(folder, 'cache.json') });
    expect(result.fromCache).toBe(false);
    expect(result.course.chapters[0]!.subchapters[0]!.lesson!.keywords).toEqual(['edited']);
  });
});
