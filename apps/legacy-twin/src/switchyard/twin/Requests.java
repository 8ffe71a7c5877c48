package switchyard.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every route shares with Switchyard: field errors, the page query (PageQueryDto), the cursor and the page envelope. */
final class Requests {
  /** Keyset position: lists are ordered by (created_at, id). */
  record Position(Instant createdAt, String id) {}

  record PageQuery(int limit, Position after) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  /** `limit` 1–100 (default 20) and `cursor`; any other parameter is refused, as the whitelisting pipe does. */
  static PageQuery pageQuery(Map<String, String> query) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (String key : query.keySet())
      if (!key.equals("limit") && !key.equals("cursor")) errors.add(fieldError(key, "property " + key + " should not exist"));
    int limit = 20;
    if (query.containsKey("limit")) {
      double number = toNumber(query.get("limit"));
      if (Double.isNaN(number) || Double.isInfinite(number) || number != Math.rint(number)) errors.add(fieldError("limit", "limit must be an integer number"));
      if (!(number >= 1)) errors.add(fieldError("limit", "limit must not be less than 1"));
      if (!(number <= 100)) errors.add(fieldError("limit", "limit must not be greater than 100"));
      limit = (int) number;
    }
    String cursor = query.get("cursor");
    if (cursor != null && cursor.length() > 200) errors.add(fieldError("cursor", "cursor must be shorter than or equal to 200 characters"));
    if (!errors.isEmpty()) throw validationFailed(errors);
    return new PageQuery(limit, decodeCursor(cursor));
  }

  /** `rows` holds up to limit + 1 rows: the extra one only tells that a next page exists. */
  static Map<String, Object> toPage(List<Map<String, Object>> rows, int limit, long total) {
    List<Map<String, Object>> items = rows.subList(0, Math.min(limit, rows.size()));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("items", items);
    page.put("nextCursor", rows.size() > limit && !items.isEmpty() ? encodeCursor(items.get(items.size() - 1)) : null);
    page.put("total", total);
    return page;
  }

  static Map<String, String> fieldError(String field, String reason) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("reason", reason);
    return error;
  }

  static ApiException validationFailed(List<Map<String, String>> errors) {
    StringBuilder message = new StringBuilder();
    for (Map<String, String> error : errors) message.append(message.length() == 0 ? "" : "; ").append(error.get("reason"));
    return new ApiException(400, "VALIDATION_FAILED", message.toString(), errors);
  }

  /** Number() of a query string: blank is 0, anything unparsable is NaN. */
  private static double toNumber(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) return 0;
    try {
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException error) {
      return Double.NaN;
    }
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

  private static Position decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) return null;
    try {
      JsonNode position = JSON.readTree(Base64.getUrlDecoder().decode(cursor.replace("=", "")));
      if (!(position instanceof ArrayNode array) || !array.get(1).isTextual()) throw new IllegalArgumentException("bad cursor");
      return new Position(Instant.parse(array.get(0).asText()), array.get(1).asText());
    } catch (Exception error) {
      throw new ApiException(400, "INVALID_CURSOR", "cursor is not a cursor this API returned", List.of(fieldError("cursor", "cursor is malformed")));
    }
  }
}
