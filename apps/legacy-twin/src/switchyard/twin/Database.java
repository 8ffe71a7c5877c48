package switchyard.twin;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
}
