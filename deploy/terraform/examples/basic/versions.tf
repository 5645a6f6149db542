terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Partial configuration: the bucket, key and region come from backend.hcl
  # (copy backend.hcl.example), so this file holds no account-specific values:
  #   terraform init -backend-config=backend.hcl
  # State locking uses an S3 lock file (use_lockfile = true); no DynamoDB table is needed.
  backend "s3" {}
}
