# Two roles, as ECS intends:
#   execution role: used by ECS itself to start the task (pull the image, write logs, read
#                   the listed secrets). The bot's code never holds these credentials.
#   task role:      the credentials the bot's code would get. studybot calls no AWS API, so
#                   the role has no policy at all. Attach one only for a feature that needs it.
# With create_database, the one-off database setup task has its own execution role
# (database_setup.tf), so the bot's roles never hold the database master password.

data "aws_iam_policy_document" "execution_assume" {
  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "task_assume" {
  statement {
    sid     = "EcsTasksAssumeRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy protection: only ECS tasks of this account and region.
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-execution"
  description        = "ECS starts ${var.name} tasks with this role: image pull, logs, and the listed secrets only."
  assume_role_policy = data.aws_iam_policy_document.execution_assume.json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-ecs-task"
  description        = "Credentials of the ${var.name} container. Deliberately without permissions: the bot calls no AWS API."
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
}

# What starting any of this module's tasks needs besides its secrets: write its log group, and
# decrypt secrets with the customer managed key, if one is named. Shared by the bot's execution
# role and the database setup task's (database_setup.tf).
data "aws_iam_policy_document" "task_start" {
  statement {
    sid    = "WriteThisLogGroup"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = [
      aws_cloudwatch_log_group.this.arn,
      "${aws_cloudwatch_log_group.this.arn}:log-stream:*",
    ]
  }

  # Only with a customer managed key, and only when Secrets Manager asks on the role's behalf.
  dynamic "statement" {
    for_each = var.secrets_kms_key_arn == null ? [] : [var.secrets_kms_key_arn]

    content {
      sid       = "DecryptTheSecrets"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }
}

data "aws_iam_policy_document" "execution" {
  source_policy_documents = [data.aws_iam_policy_document.task_start.json]

  # GetAuthorizationToken has no resource-level permissions: IAM only accepts "*" here. The
  # token alone grants nothing; pulls are limited to this repository by the next statement.
  statement {
    sid       = "EcrAuthorizationToken"
    effect    = "Allow"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid    = "EcrPullThisRepository"
    effect = "Allow"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.this.arn]
  }

  statement {
    sid       = "ReadTheBotSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = sort(compact(values(local.secret_arns)))
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-read-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}
