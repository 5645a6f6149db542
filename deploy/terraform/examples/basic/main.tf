# A root module that runs studybot with the module in ../.. .
# Copy terraform.tfvars.example to terraform.tfvars and fill it; secrets go in Secrets
# Manager, and only their ARNs go here. Every module input is passed through, so anything
# deploy/README.md mentions can be set in terraform.tfvars.

module "studybot" {
  source = "../.."

  name                            = var.name
  image_tag                       = var.image_tag
  ecr_keep_images                 = var.ecr_keep_images
  ecr_force_delete                = var.ecr_force_delete
  cpu                             = var.cpu
  memory                          = var.memory
  desired_count                   = var.desired_count
  max_count                       = var.max_count
  autoscaling_cpu_target          = var.autoscaling_cpu_target
  autoscaling_requests_per_target = var.autoscaling_requests_per_target
  architecture                    = var.architecture
  capacity_provider               = var.capacity_provider
  container_insights              = var.container_insights
  wait_for_steady_state           = var.wait_for_steady_state
  vpc_id                          = var.vpc_id
  subnet_ids                      = var.subnet_ids
  assign_public_ip                = var.assign_public_ip
  log_retention_days              = var.log_retention_days
  log_level                       = var.log_level
  discord_guild_id                = var.discord_guild_id
  slack_admin_user_ids            = var.slack_admin_user_ids
  quiz_tick_seconds               = var.quiz_tick_seconds
  extra_environment               = var.extra_environment
  discord_token_secret_arn        = var.discord_token_secret_arn
  slack_bot_token_secret_arn      = var.slack_bot_token_secret_arn
  slack_app_token_secret_arn      = var.slack_app_token_secret_arn
  slack_signing_secret_arn        = var.slack_signing_secret_arn
  secrets_kms_key_arn             = var.secrets_kms_key_arn
  create_database                 = var.create_database
  database_url_secret_arn         = var.database_url_secret_arn
  database_security_group_id      = var.database_security_group_id
  database_egress_cidrs           = var.database_egress_cidrs
  database_instance_class         = var.database_instance_class
  database_engine_version         = var.database_engine_version
  database_allocated_storage      = var.database_allocated_storage
  database_max_allocated_storage  = var.database_max_allocated_storage
  database_multi_az               = var.database_multi_az
  database_deletion_protection    = var.database_deletion_protection
  discord_public_key              = var.discord_public_key
  discord_gateway                 = var.discord_gateway
  slack_http_mode                 = var.slack_http_mode
  public_subnet_ids               = var.public_subnet_ids
  certificate_arn                 = var.certificate_arn
  alb_ingress_cidr_blocks         = var.alb_ingress_cidr_blocks
}
