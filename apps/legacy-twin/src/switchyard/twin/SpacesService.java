package switchyard.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of Switchyard's SpacesService and SpaceAccessService (libs/tenancy/src/spaces), restated. */
final class SpacesService {
  private static final Pattern NAME = Pattern.compile("^\\S(.{0,118}\\S)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

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

  Map<String, Object> list(IdentityVerifier.Identity caller, Map<String, String> query) throws SQLException {
    List<Map<String, String>> errors = new ArrayList<>();
    for (String key : query.keySet())
      if (!key.equals("limit") && !key.equals("cursor")) errors.add(fieldError(key, "property " + key + " should not exist"));
    int limit = 20;
    if (query.containsKey("limit")) {
      double number = toNumber(query.get("limit"));
      if (Double.isNaN(number) || number != Math.rint(number) || Double.isInfinite(number)) errors.add(fieldError("limit", "limit must be an integer number"));
      if (!(number >= 1)) errors.add(fieldError("limit", "limit must not be less than 1"));
      if (!(number <= 100)) errors.add(fieldError("limit", "limit must not be greater than 100"));
      limit = (int) number;
    }
    String cursor = query.get("cursor");
    if (cursor != null && cursor.length() > 200) errors.add(fieldError("cursor", "cursor must be shorter than or equal to 200 characters"));
    if (!errors.isEmpty()) throw validationFailed(errors);
    String memberId = seesAll(caller.role()) ? null : caller.userId();
    List<Map<String, Object>> rows = spaces.listPage(caller.tenantId(), memberId, decodeCursor(cursor), limit + 1);
    long total = spaces.countVisible(caller.tenantId(), memberId);
    List<Map<String, Object>> items = rows.subList(0, Math.min(limit, rows.size()));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("nextCursor", rows.size() > limit && !items.isEmpty() ? encodeCursor(items.get(items.size() - 1)) : null);
    page.put("total", total);
    return page;
  }

  Map<String, Object> create(IdentityVerifier.Identity caller, JsonNode body) throws SQLException {
    // Nest's pipes validate the body before the service's rules run: a viewer's bad body is a 400.
    validate(body, true);
    if (caller.role().equals("viewer")) throw ApiException.forbidden("Viewers cannot create spaces");
    String name = body.get("name").asText();
    String description = body.hasNonNull("description") ? body.get("description").asText() : "";
    Map<String, Object> created = spaces.create(caller.tenantId(), name, description, caller.userId());
    if (created == null) throw nameTaken(name);
    return created;
  }

  Map<String, Object> update(IdentityVerifier.Identity caller, String id, JsonNode body) throws SQLException {
    validate(body, false);
    require(caller, id, "manage");
    Map<String, String> changes = new LinkedHashMap<>();
    if (body.has("name")) changes.put("name", body.get("name").asText());
    if (body.has("description")) changes.put("description", body.get("description").asText());
    if (!spaces.update(caller.tenantId(), id, changes)) throw nameTaken(changes.getOrDefault("name", ""));
    return spaces.findInTenant(caller.tenantId(), id);
  }

  /** Adds a user of the tenant to the space or changes the user's role in it. */
  Map<String, Object> setMember(IdentityVerifier.Identity caller, String spaceId, String userId, JsonNode body) throws SQLException {
    List<Map<String, String>> errors = new ArrayList<>();
    if (body == null || !body.isObject()) body = JSON.createObjectNode();
    body.fieldNames().forEachRemaining(field -> {
      if (!field.equals("role")) errors.add(fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode role = body.get("role");
    if (role == null || !role.isTextual() || allowed(role.asText()).isEmpty())
      errors.add(fieldError("role", "role must be one of the following values: owner, admin, member, viewer"));
    if (!errors.isEmpty()) throw validationFailed(errors);
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

  /** class-validator's messages for CreateSpaceDto / UpdateSpaceDto, every failing field listed. */
  private static void validate(JsonNode body, boolean nameRequired) {
    List<Map<String, String>> errors = new ArrayList<>();
    if (body == null || !body.isObject()) body = JSON.createObjectNode();
    body.fieldNames().forEachRemaining(field -> {
      if (!field.equals("name") && !field.equals("description")) errors.add(fieldError(field, "property " + field + " should not exist"));
    });
    JsonNode name = body.get("name");
    if (name != null || nameRequired) {
      boolean isString = name != null && name.isTextual();
      if (!isString) errors.add(fieldError("name", "name must be a string"));
      if (!isString || name.asText().length() > 120) errors.add(fieldError("name", "name must be shorter than or equal to 120 characters"));
      if (!isString || !NAME.matcher(name.asText()).matches())
        errors.add(fieldError("name", "name must be 1-120 characters without leading or trailing spaces"));
    }
    JsonNode description = body.get("description");
    // CreateSpaceDto's @IsOptional lets null through; UpdateSpaceDto lets only a missing field through.
    if (description != null && !(nameRequired && description.isNull())) {
      boolean isString = description.isTextual();
      if (!isString) errors.add(fieldError("description", "description must be a string"));
      if (!isString || description.asText().length() > 1000)
        errors.add(fieldError("description", "description must be shorter than or equal to 1000 characters"));
    }
    if (!errors.isEmpty()) throw validationFailed(errors);
  }

  private static double toNumber(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) return 0;
    try {
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException error) {
      return Double.NaN;
    }
  }

  private static Map<String, String> fieldError(String field, String reason) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("reason", reason);
    return error;
  }

  private static ApiException validationFailed(List<Map<String, String>> errors) {
    StringBuilder message = new StringBuilder();
    for (Map<String, String> error : errors) message.append(message.length() == 0 ? "" : "; ").append(error.get("reason"));
    return new ApiException(400, "VALIDATION_FAILED", message.toString(), errors);
  }

  private static ApiException nameTaken(String name) {
    return new ApiException(409, "SPACE_NAME_TAKEN", "A space named \"" + name + "\" already exists in this tenant",
        List.of(fieldError("name", "name is already taken")));
  }

  /** The same cursor text as Switchyard's: base64url (no padding) of ["<ISO createdAt>","<id>"]. */
  private static String encodeCursor(Map<String, Object> last) {
    try {
      String json = JSON.writeValueAsString(List.of(last.get("createdAt"), last.get("id")));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception error) {
      throw new IllegalStateException(error);
    }
  }

  private static SpacesRepository.Position decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) return null;
    try {
      JsonNode position = JSON.readTree(Base64.getUrlDecoder().decode(cursor.replace("=", "")));
      if (!(position instanceof ArrayNode array) || !array.get(1).isTextual()) throw new IllegalArgumentException("bad cursor");
      return new SpacesRepository.Position(Instant.parse(array.get(0).asText()), array.get(1).asText());
    } catch (Exception error) {
      throw new ApiException(400, "INVALID_CURSOR", "cursor is not a cursor this API returned",
          List.of(fieldError("cursor", "cursor is malformed")));
    }
  }
}
