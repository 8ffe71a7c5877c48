package switchyard.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of Switchyard's SpacesService and SpaceAccessService (libs/tenancy/src/spaces), restated. */
final class SpacesService {

  private final SpacesRepository spaces;

  SpacesService(SpacesRepository spaces) {
    this.spaces = spaces;
  }

  private static boolean seesAll(String tenantRole) {
    return tenantRole.equals("owner") || tenantRole.equals("admin");
  }

  private static Set<String> allowed(String spaceRole) {
    if (spaceRole == null) return Set.of();
    return switch (spaceRole) {
      case "owner", "admin" -> Set.of("read", "write", "manage");
      case "member" -> Set.of("read", "write");
      case "viewer" -> Set.of("read");
      default -> Set.of();
    };
  }

  /** 404 when the space is invisible to the caller (another tenant, no membership), 403 when visible but not allowed. */
  Map<String, Object> require(IdentityVerifier.Identity caller, String id, String action) throws SQLException {
    Map<String, Object> space = spaces.findInTenant(caller.tenantId(), id);
    if (space == null) throw ApiException.spaceNotFound(id);
    String role = seesAll(caller.role()) ? "admin" : spaces.membershipRole(caller.tenantId(), id, caller.userId());
    if (!allowed(role).contains("read")) throw ApiException.spaceNotFound(id);
    if (!allowed(role).contains(action)) throw ApiException.forbidden("Your role in this space (" + role + ") does not allow " + action);
    return space;
  }

  Map<String, Object> list(IdentityVerifier.Identity caller, Map<String, List<String>> query) throws SQLException {
    Requests.PageQuery page = Requests.pageQuery(query);
    String memberId = seesAll(caller.role()) ? null : caller.userId();
    List<Map<String, Object>> rows = spaces.listPage(caller.tenantId(), memberId, page.after(), page.limit() + 1);
    long total = spaces.countVisible(caller.tenantId(), memberId);
    return Requests.toPage(rows, page.limit(), total);
  }

  Map<String, Object> create(IdentityVerifier.Identity caller, JsonNode body) throws SQLException {
    // Nest's pipes validate the body before the service's rules run: a viewer's bad body is a 400.
    ObjectNode fields = validate(body, true);
    if (caller.role().equals("viewer")) throw ApiException.forbidden("Viewers cannot create spaces");
    String name = fields.get("name").asText();
    String description = fields.hasNonNull("description") ? fields.get("description").asText() : "";
    Map<String, Object> created = spaces.create(caller.tenantId(), name, description, caller.userId());
    if (created == null) throw nameTaken(name);
    return created;
  }

  Map<String, Object> update(IdentityVerifier.Identity caller, String id, JsonNode body) throws SQLException {
    ObjectNode fields = validate(body, false);
    require(caller, id, "manage");
    Map<String, String> changes = new LinkedHashMap<>();
    if (fields.has("name")) changes.put("name", fields.get("name").asText());
    if (fields.has("description")) changes.put("description", fields.get("description").asText());
    if (!spaces.update(caller.tenantId(), id, changes)) throw nameTaken(changes.getOrDefault("name", ""));
    return spaces.findInTenant(caller.tenantId(), id);
  }

  /** Adds a user of the tenant to the space or changes the user's role in it. */
  Map<String, Object> setMember(IdentityVerifier.Identity caller, String spaceId, String userId, JsonNode body) throws SQLException {
    List<Map<String, String>> errors = new ArrayList<>();
    ObjectNode fields = Requests.fieldsOf(body);
    fields.fieldNames().forEachRemaining(field -> {
      if (!field.equals("role")) errors.add(Requests.fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode role = fields.get("role");
    if (role == null || !role.isTextual() || allowed(role.asText()).isEmpty())
      errors.add(Requests.fieldError("role", "role must be one of the following values: owner, admin, member, viewer"));
    if (!errors.isEmpty()) throw Requests.validationFailed(errors);
    require(caller, spaceId, "manage");
    if (!spaces.userExists(caller.tenantId(), userId)) throw new ApiException(404, "USER_NOT_FOUND", "User " + userId + " not found");
    spaces.upsertMember(caller.tenantId(), spaceId, userId, role.asText());
    Map<String, Object> membership = new LinkedHashMap<>();
    membership.put("spaceId", spaceId);
    membership.put("userId", userId);
    membership.put("role", role.asText());
    return membership;
  }

  void delete(IdentityVerifier.Identity caller, String id) throws SQLException {
    require(caller, id, "manage");
    spaces.delete(caller.tenantId(), id);
  }

  /**
   * class-validator's messages for CreateSpaceDto / UpdateSpaceDto, every failing field listed, each field's reasons
   * in the order class-validator gives them (its last decorator first): name Matches, MaxLength, IsString;
   * description MaxLength, IsString.
   */
  private static ObjectNode validate(JsonNode body, boolean nameRequired) {
    List<Map<String, String>> errors = new ArrayList<>();
    ObjectNode fields = Requests.fieldsOf(body);
    fields.fieldNames().forEachRemaining(field -> {
      if (!field.equals("name") && !field.equals("description")) errors.add(Requests.fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode name = fields.get("name");
    if (name != null || nameRequired) {
      boolean isString = name != null && name.isTextual();
      if (!isString || !Requests.matchesName(name.asText()))
        errors.add(Requests.fieldError("name", "name must be 1-120 characters without leading or trailing spaces"));
      if (!isString || Requests.validatorLength(name.asText()) > 120)
        errors.add(Requests.fieldError("name", "name must be shorter than or equal to 120 characters"));
      if (!isString) errors.add(Requests.fieldError("name", "name must be a string"));
    }
    JsonNode description = fields.get("description");
    // CreateSpaceDto's @IsOptional lets null through; UpdateSpaceDto lets only a missing field through.
    if (description != null && !(nameRequired && description.isNull())) {
      boolean isString = description.isTextual();
      if (!isString || Requests.validatorLength(description.asText()) > 1000)
        errors.add(Requests.fieldError("description", "description must be shorter than or equal to 1000 characters"));
      if (!isString) errors.add(Requests.fieldError("description", "description must be a string"));
    }
    if (!errors.isEmpty()) throw Requests.validationFailed(errors);
    return fields;
  }

  private static ApiException nameTaken(String name) {
    return new ApiException(409, "SPACE_NAME_TAKEN", "A space named \"" + name + "\" already exists in this tenant",
        List.of(Requests.fieldError("name", "name is already taken")));
  }

}
