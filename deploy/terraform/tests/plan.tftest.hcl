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
    error_message = "Without create_database, slack_http_mode and discord_public_key there is no setup task and no load balancer."
  }

  assert {
    condition     = length(aws_appautoscaling_target.service) == 0 && output.discord_interactions_endpoint_url == null
    error_message = "Without max_count there is no autoscaling, and without discord_public_key no interactions URL."
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

  assert {
    condition     = aws_security_group.alb[0].description == "studybot load balancer: HTTPS in from Slack, HTTP out to the tasks" && aws_vpc_security_group_ingress_rule.service_from_alb[0].description == "Slack events from the load balancer"
    error_message = "A Slack-only load balancer keeps its descriptions: a new security group description replaces the group."
  }

  assert {
    condition     = length(aws_lb_listener_rule.slack_events) == 1 && length(aws_lb_listener_rule.discord_interactions) == 0
    error_message = "Slack HTTP mode alone forwards /slack/events and no Discord path."
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

# Discord interactions over HTTP (the gateway left at the app's default: off with the key), no
# Slack, autoscaling on CPU and on the load balancer's requests.
run "discord_interactions_behind_the_load_balancer_with_autoscaling" {
  command = plan

  variables {
    discord_public_key              = "8e6f0f2b1f3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"
    public_subnet_ids               = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    certificate_arn                 = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    desired_count                   = 2
    max_count                       = 6
    autoscaling_requests_per_target = 600
  }

  assert {
    condition     = length(aws_lb.this) == 1 && length(aws_lb_listener.https) == 1 && length(aws_vpc_security_group_ingress_rule.service_from_alb) == 1
    error_message = "discord_public_key alone must create the load balancer, its listener and the ingress rule to the tasks."
  }

  assert {
    condition     = length(aws_lb_listener_rule.slack_events) == 0 && length(aws_lb_listener_rule.discord_interactions) == 1
    error_message = "Without slack_http_mode there is no /slack/events rule; discord_public_key needs the /discord/interactions rule."
  }

  assert {
    condition = (
      toset(flatten([for c in aws_lb_listener_rule.discord_interactions[0].condition : [for p in c.path_pattern : p.values]])) == toset(["/discord/interactions"]) &&
      toset(flatten([for c in aws_lb_listener_rule.discord_interactions[0].condition : [for m in c.http_request_method : m.values]])) == toset(["POST"]) &&
      one(aws_lb_listener_rule.discord_interactions[0].action).type == "forward"
    )
    error_message = "The Discord rule must forward POST /discord/interactions and nothing else."
  }

  assert {
    condition     = aws_security_group.alb[0].description == "studybot load balancer: HTTPS in from Discord, HTTP out to the tasks"
    error_message = "The load balancer's security group must say who calls it."
  }

  assert {
    condition     = one(aws_lb_listener.https[0].default_action).fixed_response[0].status_code == "404"
    error_message = "Everything but the platform paths must stay a 404 from the load balancer."
  }

  assert {
    condition     = length(aws_ecs_service.this.load_balancer) == 1 && aws_ecs_service.this.health_check_grace_period_seconds == 60
    error_message = "The service must register its tasks in the target group, with a health check grace period."
  }

  assert {
    condition     = contains(local.container_environment, { name = "DISCORD_PUBLIC_KEY", value = "8e6f0f2b1f3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5" })
    error_message = "DISCORD_PUBLIC_KEY must reach the container as plain environment."
  }

  assert {
    condition     = !contains([for e in local.container_environment : e.name], "DISCORD_GATEWAY") && !contains([for s in local.container_secrets : s.name], "DISCORD_PUBLIC_KEY")
    error_message = "discord_gateway = null must leave DISCORD_GATEWAY unset (the app's default), and the public key is no secret."
  }

  assert {
    condition = (
      aws_appautoscaling_target.service[0].min_capacity == 2 &&
      aws_appautoscaling_target.service[0].max_capacity == 6 &&
      aws_appautoscaling_target.service[0].scalable_dimension == "ecs:service:DesiredCount" &&
      aws_appautoscaling_target.service[0].resource_id == "service/studybot/studybot"
    )
    error_message = "The autoscaling target must run the service between desired_count and max_count."
  }

  assert {
    condition = (
      aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" &&
      aws_appautoscaling_policy.cpu[0].target_tracking_scaling_policy_configuration[0].target_value == 60
    )
    error_message = "The CPU policy must track ECSServiceAverageCPUUtilization at autoscaling_cpu_target (60 by default)."
  }

  assert {
    condition = (
      aws_appautoscaling_policy.requests[0].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ALBRequestCountPerTarget" &&
      aws_appautoscaling_policy.requests[0].target_tracking_scaling_policy_configuration[0].target_value == 600
    )
    error_message = "autoscaling_requests_per_target must add an ALBRequestCountPerTarget policy at that value."
  }
}

# The migration from the gateway: the key and the gateway together.
run "discord_migration_keeps_the_gateway" {
  command = plan

  variables {
    discord_public_key = "8E6F0F2B1F3A4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5"
    discord_gateway    = true
    public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = contains(local.container_environment, { name = "DISCORD_GATEWAY", value = "on" })
    error_message = "discord_gateway = true must set DISCORD_GATEWAY=on."
  }
}

# Extra replicas behind the gateway would all be standbys.
run "autoscaling_with_the_discord_gateway_only_is_refused" {
  command = plan

  variables {
    max_count = 3
  }

  expect_failures = [aws_ecs_task_definition.this]
}

run "autoscaling_on_requests_needs_the_load_balancer" {
  command = plan

  variables {
    discord_token_secret_arn        = null
    slack_bot_token_secret_arn      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/slack-bot-token-AbCdEf"
    slack_app_token_secret_arn      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:studybot/slack-app-token-AbCdEf"
    max_count                       = 3
    autoscaling_requests_per_target = 600
  }

  expect_failures = [aws_ecs_task_definition.this]
}

run "an_invalid_discord_public_key_is_refused" {
  command = plan

  variables {
    discord_public_key = "not-the-public-key"
    public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  expect_failures = [var.discord_public_key]
}

run "discord_interactions_need_a_certificate_and_public_subnets" {
  command = plan

  variables {
    discord_public_key = "8e6f0f2b1f3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"
  }

  expect_failures = [var.certificate_arn, var.public_subnet_ids]
}

run "no_gateway_without_the_public_key_is_refused" {
  command = plan

  variables {
    discord_gateway = false
  }

  expect_failures = [aws_ecs_task_definition.this]
}
