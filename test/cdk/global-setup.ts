// The stateless stack deploys the built dashboard (BucketDeployment of dist/dashboard): build it once for the CDK tests.
import { buildDashboard } from '../../scripts/build-dashboard.js';

export default async function setup(): Promise<void> {
  await buildDashboard();
}
