# Inputs of this example root. The module validates them; see ../../variables.tf for details.

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

variable "name" {
  description = "Resource name prefix."
  type        = string
  default     = "studybot"
}

variable "image_tag" {
  description = "Image tag in the ECR repository to run (for example a git SHA)."
  type        = string
}

variable "desired_count" {
  description = "Number of tasks. Keep 0 until an image is pushed and DATABASE_URL is set."
  type        = number
  default     = 1
}

variable "vpc_id" {
  description = "Your VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets with a NAT gateway route, in two or more Availability Zones."
  type        = list(string)
}

variable "create_database" {
  description = "Create an RDS PostgreSQL 16 instance."
  type        = bool
  default     = false
}

variable "database_url_secret_arn" {
  description = "ARN of the secret holding DATABASE_URL, when you bring your own database."
  type        = string
  default     = null
}

variable "discord_token_secret_arn" {
  description = "ARN of the secret holding DISCORD_TOKEN."
  type        = string
  default     = null
}

variable "discord_guild_id" {
  description = "Discord server ID for per-server command registration (development)."
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

variable "slack_admin_user_ids" {
  description = "Slack user IDs with admin rights in the bot."
  type        = list(string)
  default     = []
}

variable "slack_http_mode" {
  description = "Put Slack in HTTP mode behind a public HTTPS load balancer."
  type        = bool
  default     = false
}

variable "public_subnet_ids" {
  description = "Public subnets for the load balancer (slack_http_mode)."
  type        = list(string)
  default     = []
}

variable "certificate_arn" {
  description = "ACM certificate for the load balancer (slack_http_mode)."
  type        = string
  default     = null
}

variable "database_deletion_protection" {
  description = "RDS deletion protection. Set to false (and apply) before destroying."
  type        = bool
  default     = true
}

variable "ecr_force_delete" {
  description = "Allow destroying the ECR repository while it still holds images."
  type        = bool
  default     = false
}
