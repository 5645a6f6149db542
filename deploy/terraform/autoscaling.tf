# Optional autoscaling of the task count (max_count set): Application Auto Scaling keeps the
# service between desired_count and max_count tasks with target tracking, on CPU and, behind the
# load balancer, on requests per task. Whichever policy asks for more tasks wins; a scale-in
# happens only when every policy allows it.
#
# It only adds throughput where every replica serves: Discord's interactions over HTTP
# (discord_public_key) and Slack in either mode. With the Discord gateway one replica holds the
# websocket and the others are standbys, so ecs.tf refuses max_count there.
#
# Known trade-off: Terraform also manages the service's desired_count (ecs.tf), so a
# `terraform apply` while the service is scaled out sets it back to the minimum (desired_count),
# and target tracking scales back out within minutes. Apply in a quiet hour, or raise
# desired_count to the usual load.

resource "aws_appautoscaling_target" "service" {
  count = var.max_count != null ? 1 : 0

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  min_capacity       = var.desired_count
  max_capacity       = var.max_count
}

# Scale out quickly (a minute after the last scale-out), scale in slowly (five minutes), so a
# burst of quiz answers does not make the task count swing.
resource "aws_appautoscaling_policy" "cpu" {
  count = var.max_count != null ? 1 : 0

  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.service[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.service[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling_cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

# Requests per task and minute through the load balancer (Discord interactions, Slack events):
# answering them is mostly waiting on Postgres and on Discord's and Slack's APIs, which CPU
# alone does not show. A precondition in ecs.tf refuses autoscaling_requests_per_target without
# the load balancer.
resource "aws_appautoscaling_policy" "requests" {
  count = var.max_count != null && var.autoscaling_requests_per_target != null && local.load_balancer ? 1 : 0

  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.service[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.service[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling_requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this[0].arn_suffix}/${aws_lb_target_group.this[0].arn_suffix}"
    }
  }
}
