export { SqlModule } from './sql.module';
export { SqlValidationDto, ValidateSqlDto } from './sql-validation.dto';
