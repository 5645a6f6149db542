# This directory is a reusable module: it declares what it needs and configures nothing.
# The provider (region, default_tags) and the S3 backend live in the root module that calls it:
# see examples/basic/, which is what you run `terraform init/plan/apply` in.
terraform {
  # 1.9 allows validation rules that read other variables (cpu/memory pairs),
  # 1.10 brings native S3 state locking (use_lockfile) used by the example root.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
