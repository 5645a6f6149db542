# A one-off task that creates the bot's own database role, or sets its password again.
#
# The database is not publicly accessible, so its first SQL has to run inside the VPC, and a
# CloudShell VPC environment cannot reach the internet from a public subnet (the cheap setup).
# So the module ships the job as a task definition: you store DATABASE_URL with a password you
# generate, then run this task once (deploy/README.md, "The database"). It connects as the
# master user, whose password ECS injects from the secret RDS manages, and gives the role
# `studybot` the password found in DATABASE_URL. Running it again is safe: that is how the
# bot's password is changed.

locals {
  # psql from the Docker official image, through ECR Public (no Docker Hub rate limit).
  database_setup_image = "public.ecr.aws/docker/library/postgres:16-alpine"

  # POSIX sh (busybox in the alpine image). Nothing here prints a password.
  database_setup_script = <<-EOT
    set -eu
    APP_PASSWORD=$(printf '%s' "$DATABASE_URL" | sed -nE 's#^postgres(ql)?://studybot:([^@]+)@.*$#\2#p')
    if [ -z "$APP_PASSWORD" ]; then
      echo 'DATABASE_URL must look like postgres://studybot:PASSWORD@HOST:5432/studybot?sslmode=verify-full&sslrootcert=rds' >&2
      exit 1
    fi
    export APP_PASSWORD
    psql -v ON_ERROR_STOP=1 <<'SQL'
    \getenv app_password APP_PASSWORD
    SELECT 'CREATE ROLE studybot' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'studybot') \gexec
    ALTER ROLE studybot LOGIN PASSWORD :'app_password';
    GRANT CONNECT, CREATE, TEMPORARY ON DATABASE studybot TO studybot;
    GRANT USAGE, CREATE ON SCHEMA public TO studybot;
    SQL
    echo 'The role studybot is ready.'
  EOT
}

# Its own execution role: only this task may read the master password, never the bot's.
resource "aws_iam_role" "database_setup" {
  count = var.create_database ? 1 : 0

  name               = "${var.name}-ecs-database-setup"
  description        = "ECS starts the ${var.name} database setup task with this role: logs, the master password and DATABASE_URL."
  assume_role_policy = data.aws_iam_policy_document.execution_assume.json
}

data "aws_iam_policy_document" "database_setup" {
  count = var.create_database ? 1 : 0

  source_policy_documents = [data.aws_iam_policy_document.task_start.json]

  statement {
    sid       = "ReadTheSetupSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_db_instance.this[0].master_user_secret[0].secret_arn, local.database_url_secret_arn]
  }
}

resource "aws_iam_role_policy" "database_setup" {
  count = var.create_database ? 1 : 0

  name   = "logs-read-setup-secrets"
  role   = aws_iam_role.database_setup[0].id
  policy = data.aws_iam_policy_document.database_setup[0].json
}

resource "aws_ecs_task_definition" "database_setup" {
  count = var.create_database ? 1 : 0

  family                   = "${var.name}-database-setup"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.database_setup[0].arn

  container_definitions = jsonencode([{
    name                   = "database-setup"
    image                  = local.database_setup_image
    essential              = true
    command                = ["sh", "-c", local.database_setup_script]
    readonlyRootFilesystem = true

    environment = [
      { name = "PGHOST", value = aws_db_instance.this[0].address },
      { name = "PGPORT", value = "5432" },
      { name = "PGDATABASE", value = aws_db_instance.this[0].db_name },
      { name = "PGUSER", value = aws_db_instance.this[0].username },
      { name = "PGSSLMODE", value = "require" },
      { name = "PGCONNECT_TIMEOUT", value = "10" },
    ]

    # ":password::" picks one key out of the JSON secret RDS keeps for the master user.
    secrets = [
      { name = "PGPASSWORD", valueFrom = "${aws_db_instance.this[0].master_user_secret[0].secret_arn}:password::" },
      { name = "DATABASE_URL", valueFrom = local.database_url_secret_arn },
    ]

    logConfiguration = {
      logDriver = "awslogs"
      options   = merge(local.log_destination, { "awslogs-stream-prefix" = "database-setup" })
    }
  }])

  runtime_platform {
    cpu_architecture        = var.architecture
    operating_system_family = "LINUX"
  }

  depends_on = [aws_iam_role_policy.database_setup]
}
