# The tasks' security group: outbound only, except from the load balancer when there is one
# (Slack HTTP mode, Discord interactions).
# Traffic to the VPC's Amazon DNS resolver is not filtered by security groups, so name
# resolution needs no rule.

# Terraform removes the allow-all egress rule AWS adds to a new security group, so the rule
# resources below are the only traffic allowed.
resource "aws_security_group" "service" {
  name_prefix = "${var.name}-service-"
  description = "studybot tasks: HTTPS out to Discord, Slack and AWS APIs; Postgres out to the database"
  vpc_id      = var.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  security_group_id = aws_security_group.service.id
  description       = "HTTPS to Discord, Slack, ECR, CloudWatch Logs and Secrets Manager"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "service_postgres_to_database_sg" {
  count = var.create_database || var.database_security_group_id != null ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "Postgres to the bot's database"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.create_database ? one(aws_security_group.database[*].id) : var.database_security_group_id
}

# Only when no database destination is named at all: a database somewhere in the VPC.
resource "aws_vpc_security_group_egress_rule" "service_postgres_to_vpc" {
  count = var.create_database || var.database_security_group_id != null || length(var.database_egress_cidrs) > 0 ? 0 : 1

  security_group_id = aws_security_group.service.id
  description       = "Postgres to a database inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = data.aws_vpc.this.cidr_block
}

# A database outside the VPC (a hosted PostgreSQL on the internet, or on premises).
resource "aws_vpc_security_group_egress_rule" "service_postgres_to_cidrs" {
  for_each = toset(var.database_egress_cidrs)

  security_group_id = aws_security_group.service.id
  description       = "Postgres to a database outside the VPC"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  count = local.load_balancer ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "${join(" and ", compact([var.slack_http_mode ? "Slack events" : "", var.discord_public_key != null ? "Discord interactions" : ""]))} from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.alb[0].id
}
