# Every output of the module, under the same name (deploy/README.md reads them with
# `terraform output`).

output "ecr_repository_url" {
  description = "Where to push the image."
  value       = module.studybot.ecr_repository_url
}

output "image_platform" {
  description = "The docker --platform to build for."
  value       = module.studybot.image_platform
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.studybot.ecs_cluster_name
}

output "ecs_service_name" {
  description = "ECS service."
  value       = module.studybot.ecs_service_name
}

output "task_definition_arn" {
  description = "Task definition revision the service was last given."
  value       = module.studybot.task_definition_arn
}

output "task_network_configuration" {
  description = "Network settings for aws ecs run-task --network-configuration."
  value       = module.studybot.task_network_configuration
}

output "log_group_name" {
  description = "CloudWatch log group."
  value       = module.studybot.log_group_name
}

output "service_security_group_id" {
  description = "Security group of the tasks."
  value       = module.studybot.service_security_group_id
}

output "task_execution_role_arn" {
  description = "Role ECS uses to start the tasks."
  value       = module.studybot.task_execution_role_arn
}

output "task_role_arn" {
  description = "Role of the bot container (no permissions)."
  value       = module.studybot.task_role_arn
}

output "database_url_secret_arn" {
  description = "Secret holding DATABASE_URL."
  value       = module.studybot.database_url_secret_arn
}

output "database_endpoint" {
  description = "RDS address, when created."
  value       = module.studybot.database_endpoint
}

output "database_setup_task_definition_arn" {
  description = "One-off task that creates the bot database role, when the database is created."
  value       = module.studybot.database_setup_task_definition_arn
}

output "database_master_user_secret_arn" {
  description = "RDS master credentials secret, when created."
  value       = module.studybot.database_master_user_secret_arn
}

output "alb_dns_name" {
  description = "Load balancer DNS name (Slack HTTP mode, discord_public_key)."
  value       = module.studybot.alb_dns_name
}

output "alb_zone_id" {
  description = "Load balancer Route 53 zone ID, for an alias record."
  value       = module.studybot.alb_zone_id
}

output "discord_interactions_endpoint_url" {
  description = "Interactions Endpoint URL for the Discord Developer Portal, on the load balancer's name (use your certificate's host name instead, if you have one)."
  value       = module.studybot.discord_interactions_endpoint_url
}
