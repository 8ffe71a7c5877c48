package switchyard.jvm;

import com.dataplatform.calcite.v1.CalciteServiceGrpc;
import com.dataplatform.calcite.v1.ParseSQLRequest;
import com.dataplatform.calcite.v1.ParseSQLResponse;
import com.dataplatform.calcite.v1.ValidateSQLRequest;
import com.dataplatform.calcite.v1.ValidateSQLResponse;
import io.grpc.stub.StreamObserver;

/** calcite.v1.CalciteService on MariaDB: ParseSQL answers syntax only; ValidateSQL also resolves names in the catalog. */
final class CalciteService extends CalciteServiceGrpc.CalciteServiceImplBase {
  private final SqlValidator validator;

  CalciteService(SqlValidator validator) {
    this.validator = validator;
  }

  @Override
  public void parseSQL(ParseSQLRequest request, StreamObserver<ParseSQLResponse> responses) {
    Answers.answer(responses, () -> {
      SqlValidator.Analysis analysis = validator.analyze(request.getSql(), request.getDialect(), "", false);
      return ParseSQLResponse.newBuilder().setNormalizedSql(SqlText.normalize(request.getSql())).setRawSql(request.getSql())
          .setValid(analysis.valid()).setStatementType(analysis.statementType()).addAllTables(analysis.tables())
          .addAllErrors(analysis.errors()).build();
    });
  }

  @Override
  public void validateSQL(ValidateSQLRequest request, StreamObserver<ValidateSQLResponse> responses) {
    Answers.answer(responses, () -> {
      SqlValidator.Analysis analysis = validator.analyze(request.getSql(), request.getDialect(), request.getDefaultSchema(), true);
      return ValidateSQLResponse.newBuilder().setValid(analysis.valid())
          .setMessage(analysis.errors().isEmpty() ? "" : analysis.errors().get(0).getMessage())
          .setNormalizedSql(SqlText.normalize(request.getSql())).setStatementType(analysis.statementType())
          .addAllTables(analysis.tables()).addAllErrors(analysis.errors()).build();
    });
  }
}
