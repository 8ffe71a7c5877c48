package switchyard.twin;

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
    return database.first("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND id = ?", UsersRepository::toDto, tenantId, id);
  }

  List<Map<String, Object>> listPage(String tenantId, Requests.Position after, int take) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM users WHERE tenant_id = ?"
        + (after != null ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
        + " ORDER BY created_at ASC, id ASC LIMIT ?";
    List<Object> parameters = new ArrayList<>();
    parameters.add(tenantId);
    if (after != null) {
      String at = SpacesRepository.SQL_DATETIME.format(after.createdAt());
      parameters.addAll(List.of(at, at, after.id()));
    }
    parameters.add(take);
    return database.all(sql, UsersRepository::toDto, parameters.toArray());
  }

  long countInTenant(String tenantId) throws SQLException {
    return database.first("SELECT COUNT(*) FROM users WHERE tenant_id = ?", rows -> rows.getLong(1), tenantId);
  }

  long countOwners(String tenantId) throws SQLException {
    return database.first("SELECT COUNT(*) FROM users WHERE tenant_id = ? AND role = 'owner'", rows -> rows.getLong(1), tenantId);
  }

  /** The user with the new role, or null when there is no such user in the tenant (any more). */
  Map<String, Object> updateRole(String tenantId, String id, String role) throws SQLException {
    database.update("UPDATE users SET role = ? WHERE tenant_id = ? AND id = ?", role, tenantId, id);
    return findInTenant(tenantId, id);
  }

  /** Null when the username is taken in the tenant. */
  Map<String, Object> create(String tenantId, String username, String passwordHash, String role) throws SQLException {
    String id = UUID.randomUUID().toString();
    String createdAt = SpacesRepository.SQL_DATETIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try {
      database.update(
          "INSERT INTO users (id, tenant_id, username, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          id, tenantId, username, passwordHash, role, createdAt);
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
