output "ecr_repository_url" {
  description = "Where to push the image."
  value       = module.studybot.ecr_repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster."
  value       = module.studybot.ecs_cluster_name
}

output "ecs_service_name" {
  description = "ECS service."
  value       = module.studybot.ecs_service_name
}

output "log_group_name" {
  description = "CloudWatch log group."
  value       = module.studybot.log_group_name
}

output "service_security_group_id" {
  description = "Security group of the tasks."
  value       = module.studybot.service_security_group_id
}

output "database_url_secret_arn" {
  description = "Secret holding DATABASE_URL."
  value       = module.studybot.database_url_secret_arn
}

output "database_endpoint" {
  description = "RDS address, when created."
  value       = module.studybot.database_endpoint
}

output "database_master_user_secret_arn" {
  description = "RDS master credentials secret, when created."
  value       = module.studybot.database_master_user_secret_arn
}

output "alb_dns_name" {
  description = "Load balancer DNS name, in Slack HTTP mode."
  value       = module.studybot.alb_dns_name
}
