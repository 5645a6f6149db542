# Optional RDS PostgreSQL 16 for the bot (create_database = true).
#
# The master password is generated and kept by RDS in Secrets Manager (and rotated by it), so
# it never enters the Terraform state. The bot does not use the master user: it connects as
# its own role, through the DATABASE_URL secret below, which you fill once (deploy/README.md).

resource "aws_security_group" "database" {
  count = var.create_database ? 1 : 0

  name_prefix = "${var.name}-database-"
  description = "studybot database: Postgres from the bot's tasks only"
  vpc_id      = var.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_service" {
  count = var.create_database ? 1 : 0

  security_group_id            = aws_security_group.database[0].id
  description                  = "Postgres from the studybot tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.service.id
}

resource "aws_db_subnet_group" "this" {
  count = var.create_database ? 1 : 0

  name        = var.name
  description = "Subnets of the studybot database"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_parameter_group" "this" {
  count = var.create_database ? 1 : 0

  name_prefix = "${var.name}-postgres16-"
  family      = "postgres16"
  description = "studybot: PostgreSQL 16, TLS required"

  # Refuse unencrypted connections.
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  count = var.create_database ? 1 : 0

  identifier     = var.name
  engine         = "postgres"
  engine_version = var.database_engine_version
  instance_class = var.database_instance_class
  db_name        = "studybot"
  port           = 5432

  username                      = "studybot_admin"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.secrets_kms_key_arn

  # Encrypted at rest with the AWS managed key aws/rds.
  allocated_storage     = var.database_allocated_storage
  max_allocated_storage = var.database_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.this[0].name
  vpc_security_group_ids = [aws_security_group.database[0].id]
  parameter_group_name   = aws_db_parameter_group.this[0].name
  publicly_accessible    = false
  multi_az               = var.database_multi_az

  backup_retention_period     = 7
  backup_window               = "03:00-04:00"
  maintenance_window          = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  copy_tags_to_snapshot       = true
  deletion_protection         = var.database_deletion_protection
  skip_final_snapshot         = false
  # Named after the instance's creation time, so that destroying and re-creating the stack does
  # not collide with the previous instance's final snapshot. timestamp() changes on every plan;
  # ignore_changes keeps the name chosen at creation.
  final_snapshot_identifier = "${var.name}-final-${formatdate("YYYYMMDDhhmmss", timestamp())}"

  lifecycle {
    ignore_changes = [final_snapshot_identifier]

    precondition {
      condition     = length(var.subnet_ids) >= 2
      error_message = "create_database needs subnet_ids in at least two Availability Zones: an RDS subnet group requires two."
    }
  }
}

# The bot's DATABASE_URL. Terraform creates the secret but never its value (a value here
# would be stored in plain text in the state): put it with `aws secretsmanager put-secret-value`
# as described in deploy/README.md, before the first task starts.
resource "aws_secretsmanager_secret" "database_url" {
  count = var.create_database && var.database_url_secret_arn == null ? 1 : 0

  # A prefix, not a name: a deleted secret keeps its name for its 7-day recovery window, so a
  # fixed name would make destroy + re-create fail within that week.
  name_prefix             = "${var.name}/database-url-"
  description             = "DATABASE_URL of ${var.name}: postgres://studybot:PASSWORD@ENDPOINT:5432/studybot?sslmode=verify-full&sslrootcert=rds (value set outside Terraform)"
  kms_key_id              = var.secrets_kms_key_arn
  recovery_window_in_days = 7
}
