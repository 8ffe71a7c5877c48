export { DatasourceModule } from './datasource.module';
export { DatasourceService } from './datasource.service';
export { CreateDatasourceDto, DatasourceDto, DatasourcePageDto, UpdateDatasourceDto } from './datasource.dto';
export { DatasourceErrorCode, DatasourceException } from './datasource.errors';
export { datasourceConfig, DatasourceConfig, DEVELOPMENT_DATASOURCE_ENCRYPTION_KEYS } from './config/datasource.config';
