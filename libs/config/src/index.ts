export { SwitchyardConfigModule } from './switchyard-config.module';
export { defineConfig, ConfigDefinition, TypedConfigDefinition, TypedConfigFactory } from './config.definition';
export { validateEnvironment } from './environment.validator';
export { ConfigValidationError } from './config-validation.error';
export { readEnvironment } from './environment.reader';
export { BaseEnvironment } from './base.environment';
export { EnvBoolean, EnvList, RequiredInProduction, NodeEnvironment } from './environment.decorators';
export { appConfig, AppConfig } from './app.config';
export { Secret, SecretRule, SHARED_DEPLOYMENT, isSharedDeployment, processSecret, secretProblem } from './secrets';
export { AddressList, IsAddressList, ADDRESS_PRESETS } from './address-list';
export {
  ENDPOINT_ACCESS_MODES,
  EndpointAccess,
  EndpointAccessMode,
  EndpointToken,
  EndpointVerdict,
  defaultEndpointAccess,
  endpointAccessModeOf,
} from './endpoint-access';
