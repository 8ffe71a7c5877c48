package switchyard.jvm;

import com.dataplatform.calcite.v1.SqlError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks SQL by having MariaDB prepare it ({@code PREPARE ... FROM @sql}, never executed): its parser finds syntax errors,
 * and preparing resolves tables and columns against the catalog database, as Calcite resolves them against its catalog.
 */
final class SqlValidator {
  /** What calcite.v1 answers about one statement; {@code errors} is empty when it is valid. */
  record Analysis(boolean valid, String statementType, List<String> tables, List<SqlError> errors) {}

  /** A request the service cannot act on (unknown default schema, unsupported dialect). */
  static final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;

    RequestException(String message) {
      super(message);
    }
  }

  /** The catalog database cannot be reached. */
  static final class CatalogUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    CatalogUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int ER_PARSE_ERROR = 1064;
  private static final int ER_SYNTAX_ERROR = 1149;
  private static final int ER_EMPTY_QUERY = 1065;
  private static final int ER_BAD_DB_ERROR = 1049;
  private static final int ER_UNSUPPORTED_PS = 1295;
  private static final Set<String> DIALECTS = Set.of("", "mysql", "mariadb");
  // MariaDB: "... for the right syntax to use near '<rest of the statement, at most 80 characters>' at line N"
  private static final Pattern NEAR = Pattern.compile("near '(.*)' at line (\\d+)$", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  private final MariaDbUrl catalog;

  SqlValidator(MariaDbUrl catalog) {
    this.catalog = catalog;
  }

  /**
   * {@code resolve} false (ParseSQL): only syntax errors make SQL invalid. {@code resolve} true (ValidateSQL): so do
   * unknown tables, columns and the like, resolved in {@code defaultSchema} (the catalog URL's database when empty).
   */
  Analysis analyze(String sql, String dialect, String defaultSchema, boolean resolve) throws RequestException, CatalogUnavailableException {
    String requested = dialect.strip().toLowerCase(Locale.ROOT);
    if (!DIALECTS.contains(requested))
      throw new RequestException("Dialect \"" + dialect + "\" is not supported: this service validates on MariaDB (mysql, mariadb)");
    if (sql.isBlank()) return invalid(1, 1, "SQL is empty");
    List<SqlText.Token> tokens = SqlText.tokenize(sql);
    SQLException failure;
    try (Connection connection = catalog.open(null, null)) {
      if (!defaultSchema.isBlank()) use(connection, defaultSchema);
      failure = prepare(connection, sql);
    } catch (SQLException error) {
      throw new CatalogUnavailableException("The catalog database " + catalog.describe() + " is unavailable: " + error.getMessage(), error);
    }
    if (failure == null || failure.getErrorCode() == ER_UNSUPPORTED_PS) return valid(tokens);
    int code = failure.getErrorCode();
    if (code == ER_PARSE_ERROR || code == ER_SYNTAX_ERROR) return syntaxError(sql, failure.getMessage());
    if (code == ER_EMPTY_QUERY) return invalid(1, 1, "SQL contains no statement");
    if (!resolve) return valid(tokens);
    return resolutionError(sql, failure);
  }

  private static void use(Connection connection, String schema) throws SQLException, RequestException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("USE `" + schema.replace("`", "``") + "`");
    } catch (SQLException error) {
      if (error.getErrorCode() == ER_BAD_DB_ERROR) throw new RequestException("default_schema \"" + schema + "\" does not exist");
      throw error;
    }
  }

  /** The error MariaDB answers to preparing the statement, or null when it prepared; the prepared statement is freed at once. */
  private static SQLException prepare(Connection connection, String sql) throws SQLException {
    try (PreparedStatement assign = connection.prepareStatement("SET @switchyard_sql = ?")) {
      assign.setString(1, sql);
      assign.execute();
    }
    try (Statement statement = connection.createStatement()) {
      try {
        statement.execute("PREPARE switchyard_statement FROM @switchyard_sql");
      } catch (SQLException error) {
        // The connection failed (SQLSTATE class 08, or no server error number), not the statement.
        if (error.getErrorCode() <= 0 || String.valueOf(error.getSQLState()).startsWith("08")) throw error;
        return error;
      }
      statement.execute("DEALLOCATE PREPARE switchyard_statement");
      return null;
    }
  }

  private static Analysis valid(List<SqlText.Token> tokens) {
    return new Analysis(true, SqlText.statementType(tokens), SqlText.tables(tokens), List.of());
  }

  private static Analysis invalid(int line, int column, String message) {
    return new Analysis(false, "", List.of(), List.of(SqlError.newBuilder().setLine(line).setColumn(column).setMessage(message).build()));
  }

  /**
   * MariaDB names the rest of the statement from the offending token on ("near '...'", cut at 80 characters) and its line;
   * the token is where that text starts on that line. The message names the token, as the emulator does.
   */
  static Analysis syntaxError(String sql, String mariaDbMessage) {
    int offset = syntaxErrorOffset(sql, mariaDbMessage);
    if (offset < 0) return invalid(1, 1, stripPrefix(mariaDbMessage));
    int[] position = SqlText.position(sql, offset);
    String rest = sql.substring(offset);
    String message = rest.isBlank() ? "Unexpected end of SQL" : "Unexpected \"" + SqlText.tokenAt(sql, offset) + "\"";
    return invalid(position[0], position[1], message);
  }

  private static int syntaxErrorOffset(String sql, String mariaDbMessage) {
    Matcher near = NEAR.matcher(mariaDbMessage);
    if (!near.find()) return -1;
    String text = near.group(1);
    int line = Integer.parseInt(near.group(2));
    if (text.isEmpty()) return sql.length();
    // The whole rest of the statement when it was short enough to be quoted whole: one place only.
    if (sql.endsWith(text) && SqlText.position(sql, sql.length() - text.length())[0] == line) return sql.length() - text.length();
    int start = SqlText.lineStart(sql, line);
    if (start < 0) return -1;
    int found = sql.indexOf(text, start);
    if (found >= 0) return found;
    int fallback = sql.lastIndexOf(text);
    return fallback >= 0 ? fallback : start;
  }

  /** An unknown table or column: MariaDB's message, at the first place the name it quotes appears in the SQL. */
  private static Analysis resolutionError(String sql, SQLException failure) {
    String message = stripPrefix(failure.getMessage());
    Matcher quoted = QUOTED.matcher(message);
    int offset = -1;
    if (quoted.find()) {
      String name = quoted.group(1);
      offset = SqlText.findWord(sql, name);
      if (offset < 0 && name.contains(".")) offset = SqlText.findWord(sql, name.substring(name.lastIndexOf('.') + 1));
    }
    int[] position = offset < 0 ? new int[] {1, 1} : SqlText.position(sql, offset);
    return invalid(position[0], position[1], message);
  }

  /** The driver prefixes messages with its own context ("(conn=12) ..."); callers want MariaDB's sentence. */
  private static String stripPrefix(String message) {
    return message == null ? "" : message.replaceFirst("^\\(conn=\\d+\\)\\s*", "");
  }
}
