export { authConfig, AuthConfig, DEVELOPMENT_JWT_SECRET } from './config/auth.config';
