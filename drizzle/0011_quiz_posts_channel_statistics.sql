-- A channel belongs to one tenant, which the planner cannot know: it multiplies the two columns'
-- selectivities and expects about 4 posts in a channel with a year of them. With one generic
-- plan per statement (plan_cache_mode, src/db/client.ts), that estimate made the tenant's last
-- closed quiz day (every /leaderboard and /stats) sort all of a channel's posts instead of
-- reading one from the end of quiz_posts_slot_uq. The statistics give it the real figure.
CREATE STATISTICS IF NOT EXISTS "quiz_posts_channel_stats" (ndistinct, dependencies) ON "tenant_id", "channel_id" FROM "quiz_posts";
--> statement-breakpoint
ANALYZE "quiz_posts";
