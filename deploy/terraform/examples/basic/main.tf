# A root module that runs studybot with the module in ../.. .
# Copy terraform.tfvars.example to terraform.tfvars and fill it; secrets go in Secrets
# Manager, and only their ARNs go here.

module "studybot" {
  source = "../.."

  name      = var.name
  image_tag = var.image_tag

  # The default size: 0.25 vCPU and 0.5 GB on Graviton.
  cpu                = 256
  memory             = 512
  desired_count      = var.desired_count
  log_level          = "info"
  log_retention_days = 30

  vpc_id             = var.vpc_id
  private_subnet_ids = var.private_subnet_ids

  create_database         = var.create_database
  database_url_secret_arn = var.database_url_secret_arn

  discord_token_secret_arn   = var.discord_token_secret_arn
  discord_guild_id           = var.discord_guild_id
  slack_bot_token_secret_arn = var.slack_bot_token_secret_arn
  slack_app_token_secret_arn = var.slack_app_token_secret_arn
  slack_signing_secret_arn   = var.slack_signing_secret_arn
  slack_admin_user_ids       = var.slack_admin_user_ids

  slack_http_mode   = var.slack_http_mode
  public_subnet_ids = var.public_subnet_ids
  certificate_arn   = var.certificate_arn

  # Set both to allow `terraform destroy` (deploy/README.md, "Tear down").
  database_deletion_protection = var.database_deletion_protection
  ecr_force_delete             = var.ecr_force_delete
}
