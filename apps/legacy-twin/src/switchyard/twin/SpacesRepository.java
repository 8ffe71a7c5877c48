package switchyard.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The spaces and space_memberships tables of Switchyard's migrations; every query is bound to a tenant id. */
final class SpacesRepository {
  private static final String COLUMNS =
      "s.id, s.tenant_id, s.name, s.description, s.created_by,"
          + " DATE_FORMAT(s.created_at, '%Y-%m-%dT%H:%i:%s.%f') AS created_at,"
          + " DATE_FORMAT(s.updated_at, '%Y-%m-%dT%H:%i:%s.%f') AS updated_at";
  static final DateTimeFormatter SQL_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Database database;

  SpacesRepository(Database database) {
    this.database = database;
  }

  /** The space as Switchyard's SpaceDto shows it, or null. */
  Map<String, Object> findInTenant(String tenantId, String id) throws SQLException {
    return database.first("SELECT " + COLUMNS + " FROM spaces s WHERE s.tenant_id = ? AND s.id = ?", SpacesRepository::toDto, tenantId, id);
  }

  String membershipRole(String tenantId, String spaceId, String userId) throws SQLException {
    return database.first(
        "SELECT role FROM space_memberships WHERE tenant_id = ? AND space_id = ? AND user_id = ?", rows -> rows.getString(1), tenantId, spaceId, userId);
  }

  /** Rows ordered by (created_at, id) after `after`; `memberId` null lists the whole tenant. */
  List<Map<String, Object>> listPage(String tenantId, String memberId, Requests.Position after, int take) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM spaces s");
    if (memberId != null) sql.append(" INNER JOIN space_memberships m ON m.space_id = s.id AND m.user_id = ?");
    sql.append(" WHERE s.tenant_id = ?");
    if (after != null) sql.append(" AND (s.created_at > ? OR (s.created_at = ? AND s.id > ?))");
    sql.append(" ORDER BY s.created_at ASC, s.id ASC LIMIT ?");
    List<Object> parameters = new ArrayList<>();
    if (memberId != null) parameters.add(memberId);
    parameters.add(tenantId);
    if (after != null) {
      String at = SQL_DATETIME.format(after.createdAt());
      parameters.addAll(List.of(at, at, after.id()));
    }
    parameters.add(take);
    return database.all(sql.toString(), SpacesRepository::toDto, parameters.toArray());
  }

  long countVisible(String tenantId, String memberId) throws SQLException {
    String sql = "SELECT COUNT(*) FROM spaces s"
        + (memberId != null ? " INNER JOIN space_memberships m ON m.space_id = s.id AND m.user_id = ?" : "")
        + " WHERE s.tenant_id = ?";
    Object[] parameters = memberId != null ? new Object[] {memberId, tenantId} : new Object[] {tenantId};
    return database.first(sql, rows -> rows.getLong(1), parameters);
  }

  /** Creates the space with its creator as owner, together; null when the name is taken in the tenant. */
  Map<String, Object> create(String tenantId, String name, String description, String createdBy) throws SQLException {
    String id = UUID.randomUUID().toString();
    // Millisecond precision set here, as Switchyard does: the pagination cursor carries milliseconds.
    String createdAt = SQL_DATETIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (Connection connection = database.open()) {
      connection.setAutoCommit(false);
      try (PreparedStatement space = connection.prepareStatement(
              "INSERT INTO spaces (id, tenant_id, name, description, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)");
          PreparedStatement member =
              connection.prepareStatement("INSERT INTO space_memberships (space_id, user_id, tenant_id, role) VALUES (?, ?, ?, 'owner')")) {
        space.setString(1, id);
        space.setString(2, tenantId);
        space.setString(3, name);
        space.setString(4, description);
        space.setString(5, createdBy);
        space.setString(6, createdAt);
        space.executeUpdate();
        member.setString(1, id);
        member.setString(2, createdBy);
        member.setString(3, tenantId);
        member.executeUpdate();
        connection.commit();
      } catch (SQLIntegrityConstraintViolationException error) {
        connection.rollback();
        if (isDuplicate(error)) return null;
        throw error;
      } catch (SQLException error) {
        connection.rollback();
        throw error;
      }
    }
    return findInTenant(tenantId, id);
  }

  /** False when the new name collides in the tenant. */
  boolean update(String tenantId, String id, Map<String, String> changes) throws SQLException {
    if (changes.isEmpty()) return true;
    StringBuilder sql = new StringBuilder("UPDATE spaces SET ");
    for (String column : changes.keySet()) sql.append(column).append(" = ?, ");
    // Whole seconds, as Switchyard's TypeORM @UpdateDateColumn writes it (CURRENT_TIMESTAMP): either side's change reads the same.
    sql.append("updated_at = CURRENT_TIMESTAMP WHERE tenant_id = ? AND id = ?");
    try (Connection connection = database.open(); PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int index = 1;
      for (String value : changes.values()) statement.setString(index++, value);
      statement.setString(index++, tenantId);
      statement.setString(index, id);
      statement.executeUpdate();
      return true;
    } catch (SQLIntegrityConstraintViolationException error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  void delete(String tenantId, String id) throws SQLException {
    try (Connection connection = database.open()) {
      connection.setAutoCommit(false);
      try (PreparedStatement members = connection.prepareStatement("DELETE FROM space_memberships WHERE tenant_id = ? AND space_id = ?");
          PreparedStatement space = connection.prepareStatement("DELETE FROM spaces WHERE tenant_id = ? AND id = ?")) {
        members.setString(1, tenantId);
        members.setString(2, id);
        members.executeUpdate();
        space.setString(1, tenantId);
        space.setString(2, id);
        space.executeUpdate();
        connection.commit();
      } catch (SQLException error) {
        connection.rollback();
        throw error;
      }
    }
  }

  boolean userExists(String tenantId, String userId) throws SQLException {
    return database.first("SELECT 1 FROM users WHERE tenant_id = ? AND id = ?", rows -> Boolean.TRUE, tenantId, userId) != null;
  }

  void upsertMember(String tenantId, String spaceId, String userId, String role) throws SQLException {
    database.update(
        "INSERT INTO space_memberships (space_id, user_id, tenant_id, role) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE role = VALUES(role)",
        spaceId, userId, tenantId, role);
  }

  private static boolean isDuplicate(SQLException error) {
    return error.getErrorCode() == 1062;
  }

  /** Switchyard's date format: toISOString(), milliseconds, UTC, 'Z'. */
  static String isoMillis(String microseconds) {
    return microseconds.substring(0, 23) + "Z";
  }

  private static Map<String, Object> toDto(ResultSet rows) throws SQLException {
    Map<String, Object> dto = new LinkedHashMap<>();
    dto.put("id", rows.getString("id"));
    dto.put("tenantId", rows.getString("tenant_id"));
    dto.put("name", rows.getString("name"));
    dto.put("description", rows.getString("description"));
    dto.put("createdBy", rows.getString("created_by"));
    dto.put("createdAt", isoMillis(rows.getString("created_at")));
    dto.put("updatedAt", isoMillis(rows.getString("updated_at")));
    return dto;
  }
}
