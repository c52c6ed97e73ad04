// The one HTTP API: its routes are ROUTES from functions/routes.ts, each route's auth kind mapped to one authorizer.
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
  type HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_KEY_HEADER, ROUTES, THROTTLE, type Auth, type FunctionName } from '../functions/routes.js';

export interface FeedbackHttpApiProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The public routes' steady rate (burst: twice it), raised past THROTTLE.public for large volumes (docs/capacity.md). */
  readonly surveyPageRateLimit?: number;
}

export class FeedbackHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, { functions, userPool, userPoolClient, surveyPageRateLimit }: FeedbackHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Feedback platform: ingest, survey page, customer records', createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Each route is throttled by its class (THROTTLE, the same buckets as the local server); this is the ceiling.
      throttle: THROTTLE.apiKey,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // The route key, never the path: a path holds a survey token, which is a bearer credential.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    // One authorizer per kind of caller; a new Auth kind in routes.ts fails to compile until it is mapped here.
    const authorizers: Record<Auth, IHttpRouteAuthorizer> = {
      public: new HttpNoneAuthorizer(),
      apiKey: new HttpLambdaAuthorizer('IngestApiKey', functions.apiKeyAuthorizer, {
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: [`$request.header.${API_KEY_HEADER}`],
        resultsCacheTtl: Duration.minutes(5),
      }),
      manager: new HttpUserPoolAuthorizer('Managers', userPool, { userPoolClients: [userPoolClient] }),
    };

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName) => {
      const integration = integrations.get(name) ?? new HttpLambdaIntegration(`${name}Integration`, functions[name]);
      integrations.set(name, integration);
      return integration;
    };

    // Route-level limits: a flood on the survey page cannot starve ingest, and guessing a 192-bit token stays hopeless.
    const throttle: typeof THROTTLE = surveyPageRateLimit
      ? { ...THROTTLE, public: { rateLimit: surveyPageRateLimit, burstLimit: 2 * surveyPageRateLimit } }
      : THROTTLE;
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      ROUTES.map((route) => [
        `${route.method} ${route.path}`,
        // A JSON property: CloudFormation's own casing.
        { ThrottlingRateLimit: throttle[route.auth].rateLimit, ThrottlingBurstLimit: throttle[route.auth].burstLimit },
      ]),
    );

    // Each invoke permission's SourceArn is this API's execute-api ARN, built with Fn::Join, which the guard rule does not resolve.
    Validations.of(this.api).acknowledge({
      id: 'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
      reason:
        "Each permission lets apigateway.amazonaws.com invoke its function only from this API (SourceArn: this API's execute-api ARN, an Fn::Join the rule cannot read): none is public.",
    });
    for (const route of ROUTES) {
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.fn),
        authorizer: authorizers[route.auth],
      });
      if (route.auth === 'public' && httpRoute) {
        Validations.of(httpRoute).acknowledge(
          {
            id: 'AwsSolutions-APIG4',
            reason:
              `${route.method} ${route.path} is opened by customers from the link in their invitation email, without an account: ` +
              'the unguessable 192-bit token in the path is the credential, checked by the handler, and stage throttling bounds guessing.',
          },
          {
            id: 'cdk-validator-cfnguard::api_gw_v2_authorization_type_configured_check',
            reason: `${route.method} ${route.path} is opened by customers without an account: the 192-bit token in the path is the credential (as AwsSolutions-APIG4).`,
          },
        );
      }
    }
  }
}
