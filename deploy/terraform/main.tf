# studybot on ECS Fargate (ARM64 by default, or X86_64) in your own VPC.
#
#   ecr.tf             image repository (immutable tags, scan on push, lifecycle)
#   ecs.tf             cluster, log group, task definition, service
#   iam.tf             task execution role (pull, logs, listed secrets) and an empty task role
#   network.tf         security groups: egress only, plus ingress from the ALB when there is one
#   database.tf        optional RDS PostgreSQL 16 and the DATABASE_URL secret
#   database_setup.tf  the one-off task that creates the bot's database role
#   alb.tf             optional HTTPS load balancer for Discord interactions and Slack HTTP mode
#   autoscaling.tf     optional autoscaling of the task count (max_count)
#
# This file holds the shared lookups and the container's environment.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_vpc" "this" {
  id = var.vpc_id
}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  container_name = "studybot"
  container_port = 8080

  # The public HTTPS load balancer exists when Slack or Discord calls the bot: Slack in HTTP mode,
  # Discord with an Interactions Endpoint URL (discord_public_key). Every load balancer resource,
  # the service's load_balancer block and the ingress rule from it follow this.
  load_balancer = var.slack_http_mode || var.discord_public_key != null

  # The app writes only to DATA_DIR (a cache of the validated course; with DATABASE_URL set
  # there is no embedded database). The root filesystem is read-only and DATA_DIR is a
  # task-storage bind mount: see the "volume" block in ecs.tf.
  data_dir = "/tmp/studybot"

  # The secret that holds DATABASE_URL: the caller's, or the one this module creates next to
  # its database (null when neither exists; a precondition in ecs.tf reports that).
  database_url_secret_arn = var.database_url_secret_arn != null ? var.database_url_secret_arn : one(aws_secretsmanager_secret.database_url[*].arn)

  # Every secret the bot reads, by environment variable name. ECS fetches them with the task
  # execution role at start-up and passes them as environment variables; they never appear
  # in the task definition, the Terraform state or the console. Unset optional ones are left out.
  secret_arns = {
    DATABASE_URL         = local.database_url_secret_arn
    DISCORD_TOKEN        = var.discord_token_secret_arn
    SLACK_BOT_TOKEN      = var.slack_bot_token_secret_arn
    SLACK_APP_TOKEN      = var.slack_app_token_secret_arn
    SLACK_SIGNING_SECRET = var.slack_signing_secret_arn
  }
  container_secrets = [for name, arn in local.secret_arns : { name = name, valueFrom = arn } if arn != null]

  # Plain, non-secret settings. Empty values are left out (the app treats them as unset).
  environment = {
    NODE_ENV = "production"
    # Size V8's heap for the task, not for the host the task lands on: half the task memory
    # leaves room for code, buffers and the allocator. With it the bot peaks under 200 MB and
    # returns to its resting size after a burst (docs/PERFORMANCE.md, memory). A young generation
    # of at most 2 x 8 MB: grown to V8's 2 x 16 MB by a load, it often stayed there afterwards.
    NODE_OPTIONS = "--max-old-space-size=${floor(var.memory / 2)} --max-semi-space-size=8"
    # glibc: blocks of 128 KiB and more are mapped and returned at once. By default glibc raises
    # this threshold as such blocks are freed and keeps them: 12 MB more idle, 20 MB after a load.
    MALLOC_MMAP_THRESHOLD_ = "131072"
    PORT                   = tostring(local.container_port)
    LOG_LEVEL              = var.log_level
    DATA_DIR               = local.data_dir
    DISCORD_GUILD_ID       = var.discord_guild_id
    SLACK_ADMIN_USER_IDS   = join(",", var.slack_admin_user_ids)
    QUIZ_TICK_SECONDS      = var.quiz_tick_seconds == null ? null : tostring(var.quiz_tick_seconds)
    # The public key only verifies Discord's signatures (it cannot make one): plain environment,
    # not a secret. DISCORD_GATEWAY unset leaves the app's default (off with the key, on without).
    DISCORD_PUBLIC_KEY = var.discord_public_key
    DISCORD_GATEWAY    = var.discord_gateway == null ? null : (var.discord_gateway ? "on" : "off")
  }
  container_environment = [for name, value in merge(var.extra_environment, local.environment) : { name = name, value = value } if value != null && value != ""]
}
