package switchyard.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Switchyard's UsersService (libs/tenancy/src/users): list, create, change a role, end sessions.
 * Switchyard's sessions live in its Redis, which the twin does not reach: a role change writes the row only,
 * and ending sessions checks and answers without ending anything (docs/parity-differences.md).
 */
final class UsersService {
  private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@-]{3,64}$");
  private static final Set<String> TENANT_ROLES = Set.of("owner", "admin", "member", "viewer");

  private final UsersRepository users;

  UsersService(UsersRepository users) {
    this.users = users;
  }

  Map<String, Object> list(IdentityVerifier.Identity caller, Map<String, List<String>> query) throws SQLException {
    Requests.PageQuery page = Requests.pageQuery(query);
    List<Map<String, Object>> rows = users.listPage(caller.tenantId(), page.after(), page.limit() + 1);
    return Requests.toPage(rows, page.limit(), users.countInTenant(caller.tenantId()));
  }

  /** Switchyard's @TenantRoles('owner', 'admin') guard: it runs before the id and body pipes. */
  void requireAdministrator(IdentityVerifier.Identity caller) {
    if (!isAdministrator(caller)) throw new ApiException(403, "FORBIDDEN", "This needs one of the tenant roles: owner, admin");
  }

  private static boolean isAdministrator(IdentityVerifier.Identity caller) {
    return caller.role().equals("owner") || caller.role().equals("admin");
  }

  /** Owners and admins only (checked before the body, as Switchyard's guard runs before its pipes); only an owner makes an owner. */
  Map<String, Object> create(IdentityVerifier.Identity caller, JsonNode body) throws SQLException {
    requireAdministrator(caller);
    ObjectNode fields = validate(body);
    String username = fields.get("username").asText();
    String role = fields.get("role").asText();
    if (role.equals("owner") && !caller.role().equals("owner")) throw ApiException.forbidden("Only an owner can create another owner");
    Map<String, Object> created = users.create(caller.tenantId(), username, Scrypt.hash(fields.get("password").asText()), role);
    if (created == null)
      throw new ApiException(409, "USERNAME_TAKEN", "username " + username + " is already taken in this tenant",
          List.of(Requests.fieldError("username", "username is already taken")));
    return created;
  }

  /**
   * UsersService.update after the guard and the id pipe: the body (UpdateUserDto), then 404, the owner rule and
   * the last-owner rule, in that order. Only the row changes: Switchyard's sessions of the user keep the old role.
   */
  Map<String, Object> update(IdentityVerifier.Identity caller, String id, JsonNode body) throws SQLException {
    List<Map<String, String>> errors = new ArrayList<>();
    ObjectNode fields = Requests.fieldsOf(body);
    fields.fieldNames().forEachRemaining(field -> {
      if (!field.equals("role")) errors.add(Requests.fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode role = fields.get("role");
    if (role == null || !role.isTextual() || !TENANT_ROLES.contains(role.asText()))
      errors.add(Requests.fieldError("role", "role must be one of the following values: owner, admin, member, viewer"));
    if (!errors.isEmpty()) throw Requests.validationFailed(errors);
    String newRole = role.asText();
    Map<String, Object> target = users.findInTenant(caller.tenantId(), id);
    if (target == null) throw userNotFound(id);
    boolean targetIsOwner = "owner".equals(target.get("role"));
    if ((newRole.equals("owner") || targetIsOwner) && !caller.role().equals("owner"))
      throw ApiException.forbidden("Only an owner can make or unmake an owner");
    if (targetIsOwner && !newRole.equals("owner") && users.countOwners(caller.tenantId()) <= 1)
      throw ApiException.forbidden("A tenant keeps at least one owner");
    Map<String, Object> updated = users.updateRole(caller.tenantId(), id, newRole);
    if (updated == null) throw userNotFound(id);
    return updated;
  }

  /** UsersService.endSessions' checks (403 for another user's sessions unless owner or admin, then 404); nothing to end here. */
  void endSessions(IdentityVerifier.Identity caller, String id) throws SQLException {
    boolean isSelf = caller.userId().equals(id);
    if (!isSelf && !isAdministrator(caller)) throw ApiException.forbidden("Only owners and admins can end another user's sessions");
    if (users.findInTenant(caller.tenantId(), id) == null) throw userNotFound(id);
  }

  private static ApiException userNotFound(String id) {
    return new ApiException(404, "USER_NOT_FOUND", "User " + id + " not found");
  }

  /** CreateUserDto's reasons, each field's in class-validator's order (its last decorator first). */
  private static ObjectNode validate(JsonNode body) {
    List<Map<String, String>> errors = new ArrayList<>();
    ObjectNode fields = Requests.fieldsOf(body);
    fields.fieldNames().forEachRemaining(field -> {
      if (!Set.of("username", "password", "role").contains(field)) errors.add(Requests.fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode username = fields.get("username");
    boolean usernameIsString = username != null && username.isTextual();
    if (!usernameIsString || !USERNAME.matcher(username.asText()).matches())
      errors.add(Requests.fieldError("username", "username must be 3-64 characters of letters, digits and ._@-"));
    if (!usernameIsString) errors.add(Requests.fieldError("username", "username must be a string"));
    JsonNode password = fields.get("password");
    boolean passwordIsString = password != null && password.isTextual();
    int passwordLength = passwordIsString ? Requests.validatorLength(password.asText()) : 0;
    if (!passwordIsString || passwordLength > 256)
      errors.add(Requests.fieldError("password", "password must be shorter than or equal to 256 characters"));
    if (!passwordIsString || passwordLength < 12)
      errors.add(Requests.fieldError("password", "password must be longer than or equal to 12 characters"));
    if (!passwordIsString) errors.add(Requests.fieldError("password", "password must be a string"));
    JsonNode role = fields.get("role");
    if (role == null || !role.isTextual() || !TENANT_ROLES.contains(role.asText()))
      errors.add(Requests.fieldError("role", "role must be one of the following values: owner, admin, member, viewer"));
    if (!errors.isEmpty()) throw Requests.validationFailed(errors);
    return fields;
  }
}
