# Inputs of the studybot module. Secrets are never inputs: only the ARNs of Secrets Manager
# secrets are, and ECS injects their values into the container at start-up.
#
# Every input with a default is `nullable = false`: a caller that passes null gets the default.
# examples/basic relies on it to pass every input through without repeating the defaults.

# ---------------------------------------------------------------------------------------------
# Naming and image
# ---------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix for every resource name (ECR repository, cluster, service, log group, roles, database). Lowercase letters, digits and single hyphens, starting with a letter, at most 24 characters (ALB and target group names are limited to 32)."
  type        = string
  default     = "studybot"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name)) && length(var.name) <= 24
    error_message = "name must be 1-24 lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen (for example \"studybot\" or \"studybot-prod\")."
  }
}

variable "image_tag" {
  description = "Tag of the image in the module's ECR repository to run, for example a git SHA or a release such as \"v1.4.0\". Tags are immutable: a new version is a new tag. The image must have been pushed before the plan: the module looks it up and stops if it is missing."
  type        = string
  nullable    = false

  validation {
    condition     = var.image_tag != ""
    error_message = "image_tag is empty: set it to the tag you push, for example the output of `git rev-parse --short=12 HEAD` (deploy/README.md, \"Build and push the image\")."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a valid Docker tag (letters, digits, _, . and -, at most 128 characters) and not \"latest\": the repository has immutable tags, so deploy a versioned tag such as a git SHA."
  }
}

variable "ecr_keep_images" {
  description = "How many images the ECR lifecycle policy keeps. Older ones are expired, so a rollback can only go back this many pushes."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000 && floor(var.ecr_keep_images) == var.ecr_keep_images
    error_message = "ecr_keep_images must be a whole number between 1 and 1000."
  }
}

variable "ecr_force_delete" {
  description = "Let `terraform destroy` delete the ECR repository even when it still holds images. Keep false except when tearing down."
  type        = bool
  default     = false
  nullable    = false
}

# ---------------------------------------------------------------------------------------------
# Size and scale
# ---------------------------------------------------------------------------------------------

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU). Fargate accepts 256, 512, 1024, 2048 or 4096 here; memory must be a matching size."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be one of 256, 512, 1024, 2048 or 4096 (Fargate task sizes)."
  }
}

variable "memory" {
  description = "Task memory in MiB. Legal Fargate pairs: cpu 256 → 512, 1024 or 2048; 512 → 1024 to 4096; 1024 → 2048 to 8192; 2048 → 4096 to 16384; 4096 → 8192 to 30720 (all in steps of 1024)."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition = contains(lookup({
      "256"  = [512, 1024, 2048]
      "512"  = range(1024, 4097, 1024)
      "1024" = range(2048, 8193, 1024)
      "2048" = range(4096, 16385, 1024)
      "4096" = range(8192, 30721, 1024)
    }, tostring(var.cpu), []), var.memory)
    error_message = "memory is not a legal Fargate size for this cpu. cpu 256 takes 512, 1024 or 2048; 512 takes 1024-4096; 1024 takes 2048-8192; 2048 takes 4096-16384; 4096 takes 8192-30720 (MiB, in steps of 1024)."
  }
}

variable "desired_count" {
  description = "How many bot tasks to run, and the minimum when max_count turns autoscaling on. 0 stops the bot (useful before the first image is pushed). Replicas coordinate through Postgres (each quiz post, reveal and answer is claimed once). With discord_public_key every replica serves Discord's interactions, so more replicas add throughput; with the Discord gateway only one replica holds Discord's websocket and the others wait as standbys."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number, 0 or more."
  }
}

# Autoscaling: see autoscaling.tf. The preconditions that tie it to the platforms are in ecs.tf.
variable "max_count" {
  description = "Turn on autoscaling of the task count between desired_count (the minimum) and max_count, by CPU (autoscaling_cpu_target) and, behind the load balancer, by requests (autoscaling_requests_per_target). Null: no autoscaling, desired_count tasks. Only useful when every replica serves: with discord_public_key, or without Discord; with the Discord gateway alone the extra replicas would only be standbys, and the module refuses it."
  type        = number
  default     = null

  validation {
    condition     = var.max_count == null ? true : (var.max_count >= 1 && floor(var.max_count) == var.max_count && var.max_count >= var.desired_count)
    error_message = "max_count must be null (no autoscaling) or a whole number, at least 1 and at least desired_count (the autoscaling minimum)."
  }
}

variable "autoscaling_cpu_target" {
  description = "With max_count: the average CPU utilisation of the service, in percent, that target tracking keeps the tasks at (it adds tasks above, removes them below)."
  type        = number
  default     = 60
  nullable    = false

  validation {
    condition     = var.autoscaling_cpu_target >= 10 && var.autoscaling_cpu_target <= 90
    error_message = "autoscaling_cpu_target must be a percentage between 10 and 90."
  }
}

variable "autoscaling_requests_per_target" {
  description = "With max_count and the load balancer (discord_public_key or slack_http_mode): also scale on requests, keeping each task near this many load balancer requests per minute (target tracking on ALBRequestCountPerTarget). Null: scale on CPU only."
  type        = number
  default     = null

  validation {
    condition     = var.autoscaling_requests_per_target == null ? true : (var.autoscaling_requests_per_target >= 1 && floor(var.autoscaling_requests_per_target) == var.autoscaling_requests_per_target)
    error_message = "autoscaling_requests_per_target must be null or a whole number of requests per task per minute, 1 or more."
  }
}

variable "architecture" {
  description = "CPU architecture of the task: ARM64 (Graviton, about 20% cheaper per hour) or X86_64. The image is multi-arch; build for the matching platform (output image_platform)."
  type        = string
  default     = "ARM64"
  nullable    = false

  validation {
    condition     = contains(["ARM64", "X86_64"], var.architecture)
    error_message = "architecture must be ARM64 or X86_64."
  }
}

variable "capacity_provider" {
  description = "Capacity provider for the service: FARGATE (on-demand, the default) or FARGATE_SPOT (a discount of up to 70%, may be interrupted with a two-minute warning; X86_64 only)."
  type        = string
  default     = "FARGATE"
  nullable    = false

  validation {
    condition     = contains(["FARGATE", "FARGATE_SPOT"], var.capacity_provider)
    error_message = "capacity_provider must be FARGATE or FARGATE_SPOT."
  }

  # Fargate Spot has no ARM64 capacity: with this pair the service would never start a task.
  validation {
    condition     = var.capacity_provider != "FARGATE_SPOT" || var.architecture == "X86_64"
    error_message = "FARGATE_SPOT needs architecture = \"X86_64\": Fargate Spot does not run Linux ARM64 tasks (ECS developer guide, \"Fargate capacity providers\"), so no task would ever start. Set architecture = \"X86_64\" (the image is multi-arch) or capacity_provider = \"FARGATE\"."
  }
}

variable "container_insights" {
  description = "CloudWatch Container Insights for the cluster: \"disabled\" (the default: the free ECS service metrics for CPU and memory remain), \"enabled\" or \"enhanced\" (both billed as CloudWatch metrics and logs)."
  type        = string
  default     = "disabled"
  nullable    = false

  validation {
    condition     = contains(["enabled", "enhanced", "disabled"], var.container_insights)
    error_message = "container_insights must be \"enabled\", \"enhanced\" or \"disabled\"."
  }
}

variable "wait_for_steady_state" {
  description = "Make `terraform apply` wait until the service is stable after a deployment."
  type        = bool
  default     = false
  nullable    = false
}

# ---------------------------------------------------------------------------------------------
# Network (your VPC)
# ---------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "ID of the VPC to deploy into."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Subnets for the tasks (and the database), in at least two Availability Zones (RDS requires two). The tasks need outbound HTTPS to Discord, Slack, ECR, CloudWatch Logs and Secrets Manager: either public subnets with assign_public_ip = true, or private subnets whose route table sends 0.0.0.0/0 to a NAT gateway with assign_public_ip = false."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must hold at least one subnet ID like subnet-0123456789abcdef0."
  }
}

# No default on purpose: each value fails silently in the other kind of subnet (a task without a
# route to the internet cannot pull its image or read its secrets), so the choice is written down.
variable "assign_public_ip" {
  description = "Give each task a public IPv4 address. true for public subnets (a route to an internet gateway): the cheapest setup, with no inbound rule, so nothing can connect to the task. false for private subnets behind a NAT gateway."
  type        = bool
  nullable    = false
}

# ---------------------------------------------------------------------------------------------
# Logs and application settings (plain values)
# ---------------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the bot's logs."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the bot."
  type        = string
  default     = "info"
  nullable    = false

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace", "silent"], var.log_level)
    error_message = "log_level must be one of fatal, error, warn, info, debug, trace or silent."
  }
}

variable "discord_guild_id" {
  description = "DISCORD_GUILD_ID: register commands to one Discord server only (instant updates while developing). Leave null in production for global commands."
  type        = string
  default     = null

  validation {
    condition     = var.discord_guild_id == null || can(regex("^[0-9]{15,21}$", var.discord_guild_id))
    error_message = "discord_guild_id must be a Discord server ID (15-21 digits) or null."
  }
}

variable "slack_admin_user_ids" {
  description = "SLACK_ADMIN_USER_IDS: Slack user IDs allowed to use admin commands besides workspace admins and owners."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.slack_admin_user_ids : can(regex("^[UW][A-Z0-9]{2,}$", id))])
    error_message = "slack_admin_user_ids must be Slack user IDs such as U0123ABCD."
  }
}

variable "quiz_tick_seconds" {
  description = "QUIZ_TICK_SECONDS: how often (1-60 s) the bot checks for due quiz posts and reveals. Null keeps the app's default (60)."
  type        = number
  default     = null

  validation {
    condition     = var.quiz_tick_seconds == null ? true : (var.quiz_tick_seconds >= 1 && var.quiz_tick_seconds <= 60 && floor(var.quiz_tick_seconds) == var.quiz_tick_seconds)
    error_message = "quiz_tick_seconds must be a whole number from 1 to 60, or null."
  }
}

variable "extra_environment" {
  description = "Further plain (non-secret) environment variables, for example NODE_EXTRA_CA_CERTS. Secrets are refused here: pass them as Secrets Manager ARNs."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.extra_environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k)) && !can(regex("(?i)(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|DATABASE_URL|API_KEY|_KEY$)", k))])
    error_message = "extra_environment holds plain values only: names must be valid variable names and must not look like secrets (TOKEN, SECRET, PASSWORD, DATABASE_URL, *_KEY...). Store secrets in Secrets Manager and pass their ARNs."
  }

  validation {
    condition     = length(setintersection(keys(var.extra_environment), ["NODE_ENV", "PORT", "LOG_LEVEL", "DATA_DIR", "DISCORD_GUILD_ID", "DISCORD_PUBLIC_KEY", "DISCORD_GATEWAY", "SLACK_ADMIN_USER_IDS", "QUIZ_TICK_SECONDS"])) == 0
    error_message = "extra_environment must not redefine a variable the module already sets (NODE_ENV, PORT, LOG_LEVEL, DATA_DIR, DISCORD_GUILD_ID, DISCORD_PUBLIC_KEY, DISCORD_GATEWAY, SLACK_ADMIN_USER_IDS, QUIZ_TICK_SECONDS): use the module's own input."
  }
}

# ---------------------------------------------------------------------------------------------
# Secrets (ARNs only; create the secrets with the AWS CLI, see deploy/README.md)
# ---------------------------------------------------------------------------------------------

variable "discord_token_secret_arn" {
  description = "Full ARN of the Secrets Manager secret holding DISCORD_TOKEN (a plain string). Null disables Discord."
  type        = string
  default     = null

  validation {
    condition     = var.discord_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.discord_token_secret_arn))
    error_message = "discord_token_secret_arn must be the full ARN of a Secrets Manager secret (ending in the 6-character suffix, as printed by `aws secretsmanager create-secret`), or null."
  }
}

variable "slack_bot_token_secret_arn" {
  description = "Full ARN of the secret holding SLACK_BOT_TOKEN (xoxb-...). Null disables Slack."
  type        = string
  default     = null

  validation {
    condition     = var.slack_bot_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.slack_bot_token_secret_arn))
    error_message = "slack_bot_token_secret_arn must be the full ARN of a Secrets Manager secret (with its 6-character suffix), or null."
  }
}

variable "slack_app_token_secret_arn" {
  description = "Full ARN of the secret holding SLACK_APP_TOKEN (xapp-...): Slack Socket Mode, which needs no inbound traffic."
  type        = string
  default     = null

  validation {
    condition     = var.slack_app_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.slack_app_token_secret_arn))
    error_message = "slack_app_token_secret_arn must be the full ARN of a Secrets Manager secret (with its 6-character suffix), or null."
  }
}

variable "slack_signing_secret_arn" {
  description = "Full ARN of the secret holding SLACK_SIGNING_SECRET: Slack HTTP mode (set slack_http_mode = true for the load balancer)."
  type        = string
  default     = null

  validation {
    condition     = var.slack_signing_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.slack_signing_secret_arn))
    error_message = "slack_signing_secret_arn must be the full ARN of a Secrets Manager secret (with its 6-character suffix), or null."
  }
}

variable "secrets_kms_key_arn" {
  description = "ARN of the customer managed KMS key that encrypts your secrets, if any. Null means the AWS managed key aws/secretsmanager, which needs no extra permission. When set, the task execution role may decrypt with this key (only through Secrets Manager) and the secrets this module creates use it."
  type        = string
  default     = null

  validation {
    condition     = var.secrets_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", var.secrets_kms_key_arn))
    error_message = "secrets_kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/UUID), not an alias, or null."
  }
}

# ---------------------------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------------------------

variable "create_database" {
  description = "Create an RDS PostgreSQL 16 instance for the bot, and an empty Secrets Manager secret for its DATABASE_URL that you fill (see deploy/README.md). When false, pass database_url_secret_arn."
  type        = bool
  default     = false
  nullable    = false
}

variable "database_url_secret_arn" {
  description = "Full ARN of an existing secret holding DATABASE_URL (postgres://USER:PASSWORD@HOST:5432/DB?sslmode=verify-full). Required when create_database is false; optional otherwise (it replaces the secret the module would create)."
  type        = string
  default     = null

  validation {
    condition     = var.database_url_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.database_url_secret_arn))
    error_message = "database_url_secret_arn must be the full ARN of a Secrets Manager secret (with its 6-character suffix), or null."
  }
}

variable "database_security_group_id" {
  description = "When you bring your own database: its security group, so the tasks may reach it on 5432. Null allows 5432 to the VPC's CIDR block instead. Remember to allow the tasks' security group (output service_security_group_id) in the database's own ingress rules."
  type        = string
  default     = null

  validation {
    condition     = var.database_security_group_id == null || can(regex("^sg-[0-9a-f]{8,17}$", var.database_security_group_id))
    error_message = "database_security_group_id must look like sg-0123456789abcdef0, or null."
  }
}

variable "database_egress_cidrs" {
  description = "IPv4 ranges the tasks may reach on port 5432 when the database is outside the VPC (a hosted PostgreSQL such as Neon or Supabase: [\"0.0.0.0/0\"], as their addresses are not fixed). Empty: Postgres is allowed only to the module's database, database_security_group_id or the VPC's CIDR block."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for c in var.database_egress_cidrs : can(cidrnetmask(c))])
    error_message = "database_egress_cidrs must be IPv4 CIDR blocks such as 0.0.0.0/0 or 203.0.113.0/24."
  }
}

variable "database_instance_class" {
  description = "RDS instance class when create_database is true."
  type        = string
  default     = "db.t4g.micro"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.database_instance_class))
    error_message = "database_instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "database_engine_version" {
  description = "PostgreSQL version: \"16\" (RDS picks the current default minor and upgrades minors automatically) or a pinned \"16.x\"."
  type        = string
  default     = "16"
  nullable    = false

  validation {
    condition     = can(regex("^16(\\.[0-9]+)?$", var.database_engine_version))
    error_message = "database_engine_version must be \"16\" or \"16.x\": the parameter group family is postgres16."
  }
}

variable "database_allocated_storage" {
  description = "Initial gp3 storage in GiB (20 is the minimum)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.database_allocated_storage >= 20 && var.database_allocated_storage <= 65536
    error_message = "database_allocated_storage must be between 20 and 65536 GiB."
  }
}

variable "database_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB (0 disables autoscaling)."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.database_max_allocated_storage == 0 || var.database_max_allocated_storage >= var.database_allocated_storage
    error_message = "database_max_allocated_storage must be 0 (no autoscaling) or at least database_allocated_storage."
  }
}

variable "database_multi_az" {
  description = "Run the database in two Availability Zones (about twice the cost, automatic failover)."
  type        = bool
  default     = false
  nullable    = false
}

variable "database_deletion_protection" {
  description = "RDS deletion protection. Set to false and apply before `terraform destroy`."
  type        = bool
  default     = true
  nullable    = false
}

# ---------------------------------------------------------------------------------------------
# Inbound HTTPS: Discord interactions and Slack HTTP mode (the load balancer)
# ---------------------------------------------------------------------------------------------

variable "discord_public_key" {
  description = "DISCORD_PUBLIC_KEY: the application's public key (Discord Developer Portal → General Information → Public Key, 64 hex digits; not a secret). Set, the bot serves Discord's interactions at POST /discord/interactions on every replica, behind the public HTTPS load balancer (needs public_subnet_ids and certificate_arn, and discord_token_secret_arn), and opens no gateway websocket unless discord_gateway = true. Then enter the URL (output discord_interactions_endpoint_url) as Interactions Endpoint URL in the portal. Null: the gateway only."
  type        = string
  default     = null

  validation {
    condition     = var.discord_public_key == null || can(regex("^[0-9a-fA-F]{64}$", var.discord_public_key))
    error_message = "discord_public_key must be the application's public key, exactly 64 hex digits (Developer Portal → General Information → Public Key), or null."
  }
}

variable "discord_gateway" {
  description = "DISCORD_GATEWAY: true holds Discord's gateway websocket (one replica at a time), false opens none (interactions over HTTP only, needs discord_public_key). Null keeps the app's default: off with discord_public_key, on without. true with discord_public_key is the migration mode: set the Interactions Endpoint URL in the portal, then go back to null."
  type        = bool
  default     = null
}

variable "slack_http_mode" {
  description = "Serve Slack in HTTP mode behind the public HTTPS Application Load Balancer, which then forwards POST /slack/events to the tasks. Needs slack_signing_secret_arn, public_subnet_ids and certificate_arn, and no slack_app_token_secret_arn. Socket Mode and the Discord gateway need no load balancer."
  type        = bool
  default     = false
  nullable    = false
}

variable "public_subnet_ids" {
  description = "Public subnets (two or more Availability Zones) for the load balancer, when slack_http_mode is true or discord_public_key is set."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))]) && (!(var.slack_http_mode || var.discord_public_key != null) || length(var.public_subnet_ids) >= 2)
    error_message = "public_subnet_ids must be subnet IDs, and the load balancer (slack_http_mode or discord_public_key) needs at least two, in different Availability Zones."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the load balancer's HTTPS listener (the host name Slack and Discord will call), when slack_http_mode is true or discord_public_key is set."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null ? !(var.slack_http_mode || var.discord_public_key != null) : can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN, and the load balancer (slack_http_mode or discord_public_key) needs one: Slack and Discord only call HTTPS URLs with a valid certificate."
  }
}

variable "alb_ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the load balancer on 443. Neither Slack nor Discord publishes fixed source ranges, so the default is the internet; the bot authenticates every request by its signature (Slack's signing secret, Discord's Ed25519 key)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false

  validation {
    condition     = alltrue([for c in var.alb_ingress_cidr_blocks : can(cidrnetmask(c))])
    error_message = "alb_ingress_cidr_blocks must be IPv4 CIDR blocks such as 0.0.0.0/0."
  }
}
