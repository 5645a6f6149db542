# Plans of the module against a mocked AWS provider: no credentials, no network, nothing
# created. Run in deploy/terraform: `terraform init -backend=false && terraform test`.
# test/unit/terraform-cli.test.ts runs it offline against a local provider mirror.
#
# The mock invents every computed value, so these runs check what the module decides from its
# inputs (validations, counts, attributes known at plan time), not what AWS would accept.

mock_provider "aws" {
  # Roles validate their policy as JSON even under a mock.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }

  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }

  override_data {
    target = data.aws_vpc.this
    values = { cidr_block = "172.31.0.0/16" }
  }
}

# The cheapest setup: default VPC subnets, a public IP per task, a hosted PostgreSQL.
variables {
  image_tag                = "0123456789ab"
  vpc_id                   = "vpc-0123456789abcdef0"
  subnet_ids               = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  assign_public_ip         = true
  discord_token_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/discord-token-AbCdEf"
  database_url_secret_arn  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/database-url-AbCdEf"
  database_egress_cidrs    = ["0.0.0.0/0"]
}

run "public_subnets_with_an_external_database" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.network_configuration[0].assign_public_ip
    error_message = "assign_public_ip = true must reach the service's network configuration."
  }

  assert {
    condition     = aws_ecs_task_definition.this.runtime_platform[0].cpu_architecture == "ARM64" && output.image_platform == "linux/arm64"
    error_message = "The default architecture must be ARM64, and the image platform linux/arm64."
  }

  assert {
    condition     = aws_ecs_cluster.this.setting == toset([{ name = "containerInsights", value = "disabled" }])
    error_message = "Container Insights must be off by default (it is billed)."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.service_postgres_to_cidrs["0.0.0.0/0"].from_port == 5432 && length(aws_vpc_security_group_egress_rule.service_postgres_to_vpc) == 0
    error_message = "database_egress_cidrs must open 5432 to those ranges, instead of to the VPC."
  }

  assert {
    condition     = aws_ecs_service.this.force_new_deployment
    error_message = "force_new_deployment must be on, or a capacity provider change replaces the service."
  }

  assert {
    condition     = length(aws_ecs_task_definition.database_setup) == 0 && length(aws_lb.this) == 0
    error_message = "Without create_database and slack_http_mode there is no setup task and no load balancer."
  }
}

run "fargate_spot_is_refused_on_arm64" {
  command = plan

  variables {
    capacity_provider = "FARGATE_SPOT"
  }

  expect_failures = [var.capacity_provider]
}

run "fargate_spot_runs_on_x86_64" {
  command = plan

  variables {
    capacity_provider = "FARGATE_SPOT"
    architecture      = "X86_64"
  }

  assert {
    condition     = one(aws_ecs_service.this.capacity_provider_strategy).capacity_provider == "FARGATE_SPOT" && aws_ecs_task_definition.this.runtime_platform[0].cpu_architecture == "X86_64"
    error_message = "FARGATE_SPOT with X86_64 must reach the service and the task definition."
  }

  assert {
    condition     = output.image_platform == "linux/amd64"
    error_message = "An X86_64 task needs a linux/amd64 image."
  }
}

run "an_empty_image_tag_is_refused" {
  command = plan

  variables {
    image_tag = ""
  }

  expect_failures = [var.image_tag]
}

run "private_subnets_with_rds_and_slack_http_mode" {
  command = plan

  variables {
    assign_public_ip           = false
    database_url_secret_arn    = null
    database_egress_cidrs      = []
    create_database            = true
    discord_token_secret_arn   = null
    slack_bot_token_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/slack-bot-token-AbCdEf"
    slack_signing_secret_arn   = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/slack-signing-secret-AbCdEf"
    slack_http_mode            = true
    public_subnet_ids          = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    certificate_arn            = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = !aws_ecs_service.this.network_configuration[0].assign_public_ip
    error_message = "assign_public_ip = false must reach the service's network configuration."
  }

  assert {
    condition     = aws_lb_target_group.this[0].health_check[0].path == "/healthz"
    error_message = "The load balancer must check /healthz: /readyz fails while the database is away, and ECS would replace every task."
  }

  assert {
    condition     = aws_secretsmanager_secret.database_url[0].name_prefix == "studybot/database-url-"
    error_message = "The DATABASE_URL secret needs a name prefix, or a re-create collides with the deleted secret for 7 days."
  }

  assert {
    condition     = length(aws_ecs_task_definition.database_setup) == 1 && length(aws_iam_role.database_setup) == 1
    error_message = "create_database must come with the one-off database setup task and its own role."
  }
}

# The example root with only its required inputs: every optional input is null there, and the
# module must turn each null into its default (nullable = false) rather than fail a validation.
run "the_example_applies_module_defaults_to_nulls" {
  command = plan

  module {
    source = "./examples/basic"
  }

  assert {
    condition     = output.ecs_cluster_name == "studybot" && output.image_platform == "linux/arm64"
    error_message = "name and architecture passed as null must become the module defaults (studybot, ARM64)."
  }
}
