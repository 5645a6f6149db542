import { describe, expect, it } from 'vitest';
import { sourceLinks } from '../../src/content/sources.js';
import { SLACK } from '../../src/core/limits.js';

describe('GIVEN the official sources of a lesson', () => {
  it.each([
    ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html', '📄 AWS docs · Versioning'],
    ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definitions.html', '📄 AWS docs · Task definitions'],
    [
      'https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/',
      '📄 AWS blog · New aws public ipv4 address charge public ip insights',
    ],
    ['https://aws.amazon.com/about-aws/whats-new/2024/11/aws-lambda-managed-instances/', "📄 AWS What's New · Aws lambda managed instances"],
    ['https://aws.amazon.com/ec2/pricing/on-demand/', '📄 AWS · On demand'],
    ['https://developer.hashicorp.com/terraform/language/backend/s3', '📄 Terraform docs · S3'],
    ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning', '📄 Terraform Registry · S3 bucket versioning'],
    ['https://github.com/terraform-aws-modules/terraform-aws-vpc', '📄 GitHub terraform-aws-modules/terraform-aws-vpc'],
    ['https://kubernetes.io/docs/concepts/workloads/pods/', '📄 Kubernetes docs · Pods'],
  ])('WHEN a source is %s THEN it is labelled %j', (url, label) => {
    expect(sourceLinks([url])).toEqual([{ label, url }]);
  });

  it('THEN a page name too long for a Slack button is cut with an ellipsis, never refused', () => {
    const url = `https://docs.aws.amazon.com/AmazonS3/latest/userguide/${'very-long-page-name-'.repeat(8)}end.html`;
    const [link] = sourceLinks([url]);
    expect(link!.label.length).toBeLessThanOrEqual(SLACK.buttonText);
    expect(link!.label).toMatch(/^📄 AWS docs · Very long page name .*…$/);
    expect(link!.url).toBe(url);
  });
});
