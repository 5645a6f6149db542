output "ecr_repository_url" {
  description = "Push images here: docker buildx build --platform <image_platform> -t <url>:<tag> --push ."
  value       = aws_ecr_repository.this.repository_url
}

output "image_platform" {
  description = "The docker --platform to build for, matching the task's architecture."
  value       = var.architecture == "ARM64" ? "linux/arm64" : "linux/amd64"
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "Task definition revision the service was last given."
  value       = aws_ecs_task_definition.this.arn
}

output "task_network_configuration" {
  description = "The service's network settings as JSON for `aws ecs run-task --network-configuration` (the database setup task runs with them)."
  value = jsonencode({
    awsvpcConfiguration = {
      subnets        = var.subnet_ids
      securityGroups = [aws_security_group.service.id]
      assignPublicIp = var.assign_public_ip ? "ENABLED" : "DISABLED"
    }
  })
}

output "log_group_name" {
  description = "CloudWatch log group: aws logs tail <name> --follow."
  value       = aws_cloudwatch_log_group.this.name
}

output "service_security_group_id" {
  description = "Security group of the tasks. Allow it in your own database's ingress rules, if you bring one."
  value       = aws_security_group.service.id
}

output "task_execution_role_arn" {
  description = "Role ECS uses to start tasks (image pull, logs, secrets)."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Role of the bot's container (no permissions)."
  value       = aws_iam_role.task.arn
}

output "database_url_secret_arn" {
  description = "Secret the bot reads DATABASE_URL from. When the module created it, put its value before starting tasks."
  value       = local.database_url_secret_arn
}

output "database_endpoint" {
  description = "Address of the RDS instance (host name, port 5432), when create_database is true."
  value       = one(aws_db_instance.this[*].address)
}

output "database_setup_task_definition_arn" {
  description = "The one-off task that creates the bot's database role from DATABASE_URL, when create_database is true (deploy/README.md)."
  value       = one(aws_ecs_task_definition.database_setup[*].arn)
}

output "database_master_user_secret_arn" {
  description = "Secret in which RDS keeps the master user's credentials, when create_database is true. For creating the bot's own role only."
  value       = one(aws_db_instance.this[*].master_user_secret[0].secret_arn)
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (Slack HTTP mode, discord_public_key): point your certificate's host name at it (CNAME or Route 53 alias)."
  value       = one(aws_lb.this[*].dns_name)
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for an alias record."
  value       = one(aws_lb.this[*].zone_id)
}

output "discord_interactions_endpoint_url" {
  description = "With discord_public_key: the Interactions Endpoint URL on the load balancer's DNS name, https://<alb_dns_name>/discord/interactions (null without discord_public_key). In the Discord Developer Portal (General Information), enter it with your own host name instead, the one your certificate is for and that points at alb_dns_name: https://<your name>/discord/interactions. Discord saves only a URL whose certificate is valid for its host, and the load balancer presents your certificate, which cannot cover the amazonaws.com name."
  value       = var.discord_public_key == null ? null : "https://${one(aws_lb.this[*].dns_name)}/discord/interactions"
}
