// The SDK's runtime still bundles aws-sdk v2, which prints a notice on load.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { registerMatchers } = require('@jupiterone/integration-sdk-testing');
registerMatchers(expect);
