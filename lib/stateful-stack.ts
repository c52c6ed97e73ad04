// What holds data or identities and must survive a redeploy of the service: the table, the managers, the ingest key.
import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ManagerDirectory } from './managers.js';
import { SurveyStorage } from './storage.js';

export class StatefulStack extends Stack {
  readonly storage: SurveyStorage;
  readonly managers: ManagerDirectory;
  /** The shared secret that upstream systems send in the x-api-key header of POST /interactions. */
  readonly ingestApiKey: Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.storage = new SurveyStorage(this, 'Storage');
    this.managers = new ManagerDirectory(this, 'Managers');
    this.ingestApiKey = new Secret(this, 'IngestApiKey', {
      description: 'API key for POST /interactions (x-api-key header); the value is the whole secret string',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.ingestApiKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The ingest key is also held by the upstream systems that call POST /interactions, so rotating it is a coordinated change ' +
        '(new value in both places, then the authorizer cache expires within 5 minutes): documented in docs/deploy.md, not a rotation Lambda.',
    });

    new CfnOutput(this, 'TableName', { value: this.storage.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.managers.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.managers.client.userPoolClientId });
    new CfnOutput(this, 'IngestApiKeySecretArn', { value: this.ingestApiKey.secretArn, description: 'Read it with get-secret-value' });
  }
}
