provider "aws" {
  region = var.aws_region

  # Every taggable resource the module creates gets these tags (ECS tasks inherit them
  # from the service through propagate_tags).
  default_tags {
    tags = {
      Application = "studybot"
      Environment = var.environment
      ManagedBy   = "terraform"
      Repository  = "studybot/deploy/terraform"
    }
  }
}
