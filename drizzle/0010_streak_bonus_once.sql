-- Today's streak bonus, once per member and quiz day, now held by an index instead of an advisory
-- lock (issue #20): a second answer claiming it is skipped by ON CONFLICT DO NOTHING and decided
-- again without it. Stored answers already comply: the bonus has been paid once a day since the
-- quiz-day lock (30b77d2, 2026-12-05), and no release carried the code before it. During a rolling
-- deploy, an older replica's insert (ON CONFLICT on the post and member only) that collides here
-- fails with a unique violation rather than paying twice.
CREATE UNIQUE INDEX "daily_answers_streak_bonus_once_uq" ON "daily_answers" USING btree ("tenant_id","user_id","local_date") WHERE "daily_answers"."points_streak" > 0;
