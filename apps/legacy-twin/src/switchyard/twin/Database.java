package switchyard.twin;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Connections to the database Switchyard uses, from the same DATABASE_URL (mysql://user:pass@host:port/db). */
final class Database {
  private final String jdbcUrl;
  private final Properties properties = new Properties();

  Database(String databaseUrl) {
    URI uri = URI.create(databaseUrl);
    if (!"mysql".equals(uri.getScheme()) && !"mariadb".equals(uri.getScheme()))
      throw new IllegalArgumentException("DATABASE_URL must be mysql://user:pass@host:port/db");
    int port = uri.getPort() == -1 ? 3306 : uri.getPort();
    String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    // UTC on the session, as Switchyard's driver (timezone 'Z'): DATETIME columns hold UTC wall time.
    jdbcUrl = "jdbc:mariadb://" + uri.getHost() + ":" + port + "/" + database + "?sessionVariables=time_zone='+00:00'";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      properties.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) properties.setProperty("password", decode(userInfo.substring(colon + 1)));
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  Connection open() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /** Reads one row into a value. */
  interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  /** The first row of a query, mapped, or null when there is none: one connection, one statement. */
  <T> T first(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
    try (Connection connection = open(); PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
      return rows.next() ? mapper.map(rows) : null;
    }
  }

  /** Every row of a query, mapped, in order. */
  <T> List<T> all(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
    try (Connection connection = open(); PreparedStatement statement = prepare(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
      List<T> mapped = new ArrayList<>();
      while (rows.next()) mapped.add(mapper.map(rows));
      return mapped;
    }
  }

  /** Runs one statement that changes rows; the number changed. */
  int update(String sql, Object... parameters) throws SQLException {
    try (Connection connection = open(); PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int index = 0; index < parameters.length; index++) statement.setObject(index + 1, parameters[index]);
    return statement;
  }
}
