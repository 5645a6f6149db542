# Inputs of this example root: every input of the module, passed through in main.tf.
#
# Optional inputs default to null here, and the module then applies its own default (its
# variables are `nullable = false`), so the defaults and the validation rules live in one
# place: ../../variables.tf, which also describes each input in full. Set what you need in
# terraform.tfvars (start from terraform.tfvars.example).

variable "aws_region" {
  description = "AWS Region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "environment" {
  description = "Environment name, used in tags."
  type        = string
  default     = "prod"
}

# ---------------------------------------------------------------------------------------------
# Naming and image
# ---------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix for every resource name (module default \"studybot\")."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "The tag you pushed to the ECR repository, for example a git SHA. It must exist before the full plan."
  type        = string
}

variable "ecr_keep_images" {
  description = "How many images the repository keeps (rollbacks go back this far)."
  type        = number
  default     = null
}

variable "ecr_force_delete" {
  description = "Allow destroying the ECR repository while it still holds images (tear-down only)."
  type        = bool
  default     = null
}

# ---------------------------------------------------------------------------------------------
# Size and scale
# ---------------------------------------------------------------------------------------------

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU)."
  type        = number
  default     = null
}

variable "memory" {
  description = "Task memory in MiB, a legal Fargate size for cpu."
  type        = number
  default     = null
}

variable "desired_count" {
  description = "Number of tasks (the minimum with max_count). 0 until DATABASE_URL has a value."
  type        = number
  default     = null
}

variable "max_count" {
  description = "Autoscaling: the most tasks (null: no autoscaling). Needs discord_public_key when Discord is on."
  type        = number
  default     = null
}

variable "autoscaling_cpu_target" {
  description = "Autoscaling: the average CPU utilisation to keep, in percent."
  type        = number
  default     = null
}

variable "autoscaling_requests_per_target" {
  description = "Autoscaling: load balancer requests per task per minute to keep (null: CPU only)."
  type        = number
  default     = null
}

variable "architecture" {
  description = "ARM64 (Graviton) or X86_64."
  type        = string
  default     = null
}

variable "capacity_provider" {
  description = "FARGATE or FARGATE_SPOT (X86_64 only)."
  type        = string
  default     = null
}

variable "container_insights" {
  description = "Container Insights: disabled, enabled or enhanced (the last two are billed)."
  type        = string
  default     = null
}

variable "wait_for_steady_state" {
  description = "Make apply wait until the service is stable."
  type        = bool
  default     = null
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "Your VPC (the default VPC is fine for the cheapest setup)."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets for the tasks and the database, in two or more Availability Zones: public with assign_public_ip = true, private behind a NAT gateway with false."
  type        = list(string)
}

variable "assign_public_ip" {
  description = "true in public subnets (no NAT needed), false in private subnets behind a NAT gateway."
  type        = bool
}

# ---------------------------------------------------------------------------------------------
# Logs and application settings
# ---------------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the bot's logs."
  type        = number
  default     = null
}

variable "log_level" {
  description = "LOG_LEVEL of the bot."
  type        = string
  default     = null
}

variable "discord_guild_id" {
  description = "DISCORD_GUILD_ID: register commands in one Discord server only (development)."
  type        = string
  default     = null
}

variable "slack_admin_user_ids" {
  description = "Slack user IDs with admin rights in the bot."
  type        = list(string)
  default     = null
}

variable "quiz_tick_seconds" {
  description = "QUIZ_TICK_SECONDS: how often the bot checks for due quiz work."
  type        = number
  default     = null
}

variable "extra_environment" {
  description = "Further plain (non-secret) environment variables."
  type        = map(string)
  default     = null
}

# ---------------------------------------------------------------------------------------------
# Secrets (ARNs only)
# ---------------------------------------------------------------------------------------------

variable "discord_token_secret_arn" {
  description = "ARN of the secret holding DISCORD_TOKEN."
  type        = string
  default     = null
}

variable "slack_bot_token_secret_arn" {
  description = "ARN of the secret holding SLACK_BOT_TOKEN."
  type        = string
  default     = null
}

variable "slack_app_token_secret_arn" {
  description = "ARN of the secret holding SLACK_APP_TOKEN (Socket Mode)."
  type        = string
  default     = null
}

variable "slack_signing_secret_arn" {
  description = "ARN of the secret holding SLACK_SIGNING_SECRET (HTTP mode)."
  type        = string
  default     = null
}

variable "secrets_kms_key_arn" {
  description = "ARN of the customer managed KMS key of your secrets, if any."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------------------------

variable "create_database" {
  description = "Create an RDS PostgreSQL 16 instance."
  type        = bool
  default     = null
}

variable "database_url_secret_arn" {
  description = "ARN of the secret holding DATABASE_URL, when you bring your own database."
  type        = string
  default     = null
}

variable "database_security_group_id" {
  description = "Security group of your own database inside the VPC."
  type        = string
  default     = null
}

variable "database_egress_cidrs" {
  description = "Where a database outside the VPC lives, for example [\"0.0.0.0/0\"] for a hosted PostgreSQL."
  type        = list(string)
  default     = null
}

variable "database_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = null
}

variable "database_engine_version" {
  description = "PostgreSQL version, \"16\" or \"16.x\"."
  type        = string
  default     = null
}

variable "database_allocated_storage" {
  description = "Initial database storage in GiB."
  type        = number
  default     = null
}

variable "database_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB (0: none)."
  type        = number
  default     = null
}

variable "database_multi_az" {
  description = "Run the database in two Availability Zones."
  type        = bool
  default     = null
}

variable "database_deletion_protection" {
  description = "RDS deletion protection. Set to false (and apply) before destroying."
  type        = bool
  default     = null
}

# ---------------------------------------------------------------------------------------------
# Inbound HTTPS: Discord interactions and Slack HTTP mode (load balancer)
# ---------------------------------------------------------------------------------------------

variable "discord_public_key" {
  description = "DISCORD_PUBLIC_KEY (Developer Portal → General Information → Public Key): Discord interactions over HTTP, behind the load balancer."
  type        = string
  default     = null
}

variable "discord_gateway" {
  description = "DISCORD_GATEWAY: true keeps the gateway websocket (migration), false none; null: off with discord_public_key, on without."
  type        = bool
  default     = null
}

variable "slack_http_mode" {
  description = "Serve Slack in HTTP mode behind a public HTTPS load balancer."
  type        = bool
  default     = null
}

variable "public_subnet_ids" {
  description = "Public subnets for the load balancer."
  type        = list(string)
  default     = null
}

variable "certificate_arn" {
  description = "ACM certificate for the load balancer."
  type        = string
  default     = null
}

variable "alb_ingress_cidr_blocks" {
  description = "IPv4 ranges allowed to reach the load balancer."
  type        = list(string)
  default     = null
}
