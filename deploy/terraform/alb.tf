# Optional public HTTPS load balancer (local.load_balancer, main.tf) for the platforms that call
# the bot: Slack in HTTP mode (slack_http_mode = true) and Discord's Interactions Endpoint URL
# (discord_public_key). It forwards only POST /slack/events (Slack HTTP mode) and
# POST /discord/interactions (Discord) to the tasks; everything else, /readyz and /metrics
# included, gets a 404 from the load balancer itself.

locals {
  # Who calls the load balancer, for the descriptions below. A security group's description cannot
  # change without replacing the group, so a Slack-only load balancer keeps the words it always had.
  alb_callers = join(" and ", compact([var.slack_http_mode ? "Slack" : "", var.discord_public_key != null ? "Discord" : ""]))
}

resource "aws_security_group" "alb" {
  count = local.load_balancer ? 1 : 0

  name_prefix = "${var.name}-alb-"
  description = "studybot load balancer: HTTPS in from ${local.alb_callers}, HTTP out to the tasks"
  vpc_id      = var.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = local.load_balancer ? toset(var.alb_ingress_cidr_blocks) : toset([])

  security_group_id = aws_security_group.alb[0].id
  description       = "HTTPS from ${local.alb_callers}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  count = local.load_balancer ? 1 : 0

  security_group_id            = aws_security_group.alb[0].id
  description                  = "HTTP to the studybot tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.service.id
}

resource "aws_lb" "this" {
  count = local.load_balancer ? 1 : 0

  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb[0].id]
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "this" {
  count = local.load_balancer ? 1 : 0

  name                 = "${var.name}-tg"
  port                 = local.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  # /healthz (the process answers), never /readyz: readiness includes the database, and ECS
  # replaces tasks that fail the load balancer's check, so a database maintenance window would
  # restart every task in a loop. /readyz is for people and monitoring (deploy/README.md).
  health_check {
    path                = "/healthz"
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  count = local.load_balancer ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "slack_events" {
  count = var.slack_http_mode ? 1 : 0

  listener_arn = aws_lb_listener.https[0].arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  condition {
    path_pattern {
      values = ["/slack/events"]
    }
  }

  condition {
    http_request_method {
      values = ["POST"]
    }
  }
}

# Discord POSTs every interaction (slash command, button, modal) here, signed with the
# application's key; the bot refuses anything unsigned or tampered with (401). The path is
# DISCORD_INTERACTIONS_PATH in src/platforms/discord/http-interactions.ts.
resource "aws_lb_listener_rule" "discord_interactions" {
  count = var.discord_public_key != null ? 1 : 0

  listener_arn = aws_lb_listener.https[0].arn
  priority     = 20

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  condition {
    path_pattern {
      values = ["/discord/interactions"]
    }
  }

  condition {
    http_request_method {
      values = ["POST"]
    }
  }
}
