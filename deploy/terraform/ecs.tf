resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# The image must exist before a task definition names it. Otherwise the first revision would
# point at nothing, and a failed later deployment would be rolled back to it by the circuit
# breaker. On the very first deployment, create the repository alone and push (deploy/README.md).
data "aws_ecr_image" "this" {
  repository_name = aws_ecr_repository.this.name
  image_tag       = var.image_tag
}

locals {
  # Where every task of the module logs (the bot, and the database setup task).
  log_destination = {
    "awslogs-group"  = aws_cloudwatch_log_group.this.name
    "awslogs-region" = local.region
  }

  container_definition = {
    name = local.container_name
    # Through the data source below: a plan for a tag that was never pushed stops there.
    image     = "${aws_ecr_repository.this.repository_url}:${data.aws_ecr_image.this.image_tag}"
    essential = true
    # No command: the image's entry point runs `node dist/src/main.js` directly (npm would
    # not pass SIGTERM on).

    portMappings = [{
      containerPort = local.container_port
      protocol      = "tcp"
    }]

    environment = local.container_environment
    secrets     = local.container_secrets

    # Nothing in the image can be modified at run time. DATA_DIR is a bind mount on the task's
    # ephemeral storage; the Dockerfile declares `VOLUME /tmp/studybot` owned by the node user,
    # and ECS copies that owner onto the mount (otherwise it would be root's). The bot only
    # caches the validated course there, and the image already ships that cache.
    readonlyRootFilesystem = true
    mountPoints = [{
      sourceVolume  = "data"
      containerPath = local.data_dir
      readOnly      = false
    }]

    # An init process as PID 1 forwards SIGTERM to node and reaps zombies. The app shuts down
    # within 10 s (25 s at most, with the database unreachable); ECS sends SIGKILL after stopTimeout.
    linuxParameters = {
      initProcessEnabled = true
    }
    stopTimeout = 30

    # ECS ignores the Dockerfile HEALTHCHECK. No curl or wget in a slim Node image: use node
    # itself (global fetch, Node >= 18), with a timeout shorter than ECS's.
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${local.container_port}/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    # JSON logs on stdout go to CloudWatch. Non-blocking mode never stalls the bot on a slow
    # log delivery; it buffers up to 25 MB instead.
    logConfiguration = {
      logDriver = "awslogs"
      options = merge(local.log_destination, {
        "awslogs-stream-prefix" = "ecs"
        "mode"                  = "non-blocking"
        "max-buffer-size"       = "25m"
      })
    }
  }
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    cpu_architecture        = var.architecture
    operating_system_family = "LINUX"
  }

  # Task storage (Fargate ephemeral storage) for DATA_DIR.
  volume {
    name = "data"
  }

  lifecycle {
    precondition {
      condition     = local.database_url_secret_arn != null
      error_message = "The bot needs DATABASE_URL in production: set create_database = true, or database_url_secret_arn to the ARN of a secret holding it. (Without it the bot would use an embedded database on temporary task storage and lose its data on every deploy.)"
    }

    precondition {
      condition     = var.discord_token_secret_arn != null || var.slack_bot_token_secret_arn != null
      error_message = "Set discord_token_secret_arn, slack_bot_token_secret_arn or both: without a platform token the bot starts its local console instead of serving Discord or Slack."
    }

    precondition {
      condition     = var.slack_bot_token_secret_arn == null || var.slack_app_token_secret_arn != null || var.slack_signing_secret_arn != null
      error_message = "slack_bot_token_secret_arn is set: also set slack_app_token_secret_arn (Socket Mode) or slack_signing_secret_arn with slack_http_mode = true (HTTP mode)."
    }

    precondition {
      condition     = var.slack_bot_token_secret_arn != null || (var.slack_app_token_secret_arn == null && var.slack_signing_secret_arn == null)
      error_message = "slack_app_token_secret_arn or slack_signing_secret_arn is set without slack_bot_token_secret_arn: the bot refuses to start that way."
    }

    precondition {
      condition     = !var.slack_http_mode || (var.slack_signing_secret_arn != null && var.slack_app_token_secret_arn == null)
      error_message = "slack_http_mode needs slack_signing_secret_arn and no slack_app_token_secret_arn (with an app token the bot uses Socket Mode and would ignore the load balancer)."
    }

    precondition {
      condition     = var.slack_signing_secret_arn == null || var.slack_app_token_secret_arn != null || var.slack_http_mode
      error_message = "slack_signing_secret_arn without slack_app_token_secret_arn puts Slack in HTTP mode: set slack_http_mode = true so Slack can reach the bot through the load balancer."
    }

    precondition {
      condition     = var.discord_token_secret_arn != null || (var.discord_public_key == null && var.discord_gateway == null)
      error_message = "discord_public_key or discord_gateway is set without discord_token_secret_arn: the bot needs its token in either mode (it refuses to start otherwise)."
    }

    precondition {
      condition     = var.discord_gateway != false || var.discord_public_key != null
      error_message = "discord_gateway = false needs discord_public_key: without the gateway, Discord's interactions can only arrive over HTTP (the bot refuses to start otherwise)."
    }

    # Autoscaling (autoscaling.tf). Extra replicas help only where every replica serves.
    precondition {
      condition     = var.max_count == null || var.discord_token_secret_arn == null || var.discord_public_key != null
      error_message = "max_count (autoscaling) with Discord over the gateway only: one replica holds Discord's websocket and the others wait as standbys, so added tasks would serve no Discord interaction. Set discord_public_key (Discord interactions over HTTP, every replica serves: deploy/README.md, \"Discord interactions over HTTP\") or leave max_count null."
    }

    precondition {
      condition     = var.autoscaling_requests_per_target == null || local.load_balancer
      error_message = "autoscaling_requests_per_target scales on the load balancer's requests per task, and there is no load balancer: set discord_public_key or slack_http_mode, or leave autoscaling_requests_per_target null (CPU only)."
    }

    precondition {
      condition     = var.autoscaling_requests_per_target == null || var.max_count != null
      error_message = "autoscaling_requests_per_target has no effect without max_count: set max_count (the most tasks autoscaling may run) or leave autoscaling_requests_per_target null."
    }
  }
}

# With max_count, Application Auto Scaling moves the service's desired count between
# desired_count and max_count (autoscaling.tf), and Terraform still manages desired_count here (a
# lifecycle ignore_changes cannot be switched on by a variable): a `terraform apply` while scaled
# out sets the count back to desired_count, and target tracking scales out again within minutes.
resource "aws_ecs_service" "this" {
  name                               = var.name
  cluster                            = aws_ecs_cluster.this.arn
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  platform_version                   = "LATEST"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = local.load_balancer ? 60 : null
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  wait_for_steady_state              = var.wait_for_steady_state

  capacity_provider_strategy {
    capacity_provider = var.capacity_provider
    weight            = 1
  }

  # Without this, a change of capacity_provider_strategy either replaces the whole service (the
  # bot stops, then a new service starts: AWS provider 5.x) or is refused (later 6.x releases).
  # With it, the service is updated in place and its tasks roll like any deployment. Side
  # effect: every other change to the service (desired_count too) also starts a rolling
  # deployment, which the bot handles like any other.
  force_new_deployment = true

  deployment_controller {
    type = "ECS"
  }

  # A deployment whose tasks keep failing (image, secrets, health check) is stopped and the
  # service returns to the last working task definition.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = var.assign_public_ip
  }

  dynamic "load_balancer" {
    for_each = local.load_balancer ? [1] : []

    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = local.container_name
      container_port   = local.container_port
    }
  }

  depends_on = [
    aws_ecs_cluster_capacity_providers.this,
    aws_iam_role_policy.execution,
    aws_lb_listener_rule.slack_events,
    aws_lb_listener_rule.discord_interactions,
  ]
}
