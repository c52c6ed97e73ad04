// Registers aws-sdk-client-mock's matchers (toHaveReceivedCommandWith...) for every unit test, and their types.
import 'aws-sdk-client-mock-vitest/extend';
