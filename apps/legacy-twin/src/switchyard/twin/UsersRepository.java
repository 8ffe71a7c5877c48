package switchyard.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The users table of Switchyard's migrations; every query is bound to a tenant id. The hash never leaves it. */
final class UsersRepository {
  private static final String COLUMNS = "id, username, role, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%f') AS created_at";

  private final Database database;

  UsersRepository(Database database) {
    this.database = database;
  }

  Map<String, Object> findInTenant(String tenantId, String id) throws SQLException {
    try (Connection connection = database.open();
        PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND id = ?")) {
      statement.setString(1, tenantId);
      statement.setString(2, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? toDto(rows) : null;
      }
    }
  }

  List<Map<String, Object>> listPage(String tenantId, Requests.Position after, int take) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM users WHERE tenant_id = ?"
        + (after != null ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
        + " ORDER BY created_at ASC, id ASC LIMIT ?";
    try (Connection connection = database.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      statement.setString(index++, tenantId);
      if (after != null) {
        String at = SpacesRepository.SQL_DATETIME.format(after.createdAt());
        statement.setString(index++, at);
        statement.setString(index++, at);
        statement.setString(index++, after.id());
      }
      statement.setInt(index, take);
      List<Map<String, Object>> page = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) page.add(toDto(rows));
      }
      return page;
    }
  }

  long countInTenant(String tenantId) throws SQLException {
    try (Connection connection = database.open();
        PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM users WHERE tenant_id = ?")) {
      statement.setString(1, tenantId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Null when the username is taken in the tenant. */
  Map<String, Object> create(String tenantId, String username, String passwordHash, String role) throws SQLException {
    String id = UUID.randomUUID().toString();
    String createdAt = SpacesRepository.SQL_DATETIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (Connection connection = database.open();
        PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO users (id, tenant_id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, id);
      statement.setString(2, tenantId);
      statement.setString(3, username);
      statement.setString(4, passwordHash);
      statement.setString(5, role);
      statement.setString(6, createdAt);
      statement.executeUpdate();
    } catch (SQLIntegrityConstraintViolationException error) {
      if (error.getErrorCode() == 1062) return null;
      throw error;
    }
    return findInTenant(tenantId, id);
  }

  private static Map<String, Object> toDto(ResultSet rows) throws SQLException {
    Map<String, Object> dto = new LinkedHashMap<>();
    dto.put("id", rows.getString("id"));
    dto.put("username", rows.getString("username"));
    dto.put("role", rows.getString("role"));
    dto.put("createdAt", SpacesRepository.isoMillis(rows.getString("created_at")));
    return dto;
  }
}
