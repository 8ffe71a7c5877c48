package switchyard.jvm;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A MariaDB address in Switchyard's DATABASE_URL form, {@code mysql://user:pass@host:port/db}, optionally naming a table as
 * {@code /db.table} (the form seatunnel.v1 task sources and targets use). The database part may be empty.
 */
record MariaDbUrl(String host, int port, String database, String table, String user, String password) {
  static MariaDbUrl parse(String text, String what) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException error) {
      throw new IllegalArgumentException(what + " is not a URL: " + error.getMessage());
    }
    String scheme = uri.getScheme();
    if (!"mysql".equals(scheme) && !"mariadb".equals(scheme) || uri.getHost() == null)
      throw new IllegalArgumentException(what + " must be mysql://user:pass@host:port/db[.table], got \"" + text + "\"");
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    int dot = path.indexOf('.');
    String database = dot < 0 ? path : path.substring(0, dot);
    String table = dot < 0 ? "" : path.substring(dot + 1);
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      if (colon >= 0) password = decode(userInfo.substring(colon + 1));
    }
    return new MariaDbUrl(uri.getHost(), uri.getPort() == -1 ? 3306 : uri.getPort(), database, table, user, password);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** A new connection in UTC, as Switchyard's own driver sessions; {@code fallbackUser} when the URL names none. */
  Connection open(String fallbackUser, String fallbackPassword) throws SQLException {
    Properties properties = new Properties();
    String name = user != null ? user : fallbackUser;
    String secret = user != null ? password : fallbackPassword;
    if (name != null) properties.setProperty("user", name);
    if (secret != null) properties.setProperty("password", secret);
    properties.setProperty("connectTimeout", "5000");
    String url = "jdbc:mariadb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database
        + "?sessionVariables=time_zone='+00:00'";
    return DriverManager.getConnection(url, properties);
  }

  /** Where it points, without credentials, for messages. */
  String describe() {
    return host + ":" + port + "/" + database + (table.isEmpty() ? "" : "." + table);
  }
}
