package switchyard.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every route shares with Switchyard: field errors, the page query (PageQueryDto), the cursor and the page envelope. */
final class Requests {
  /** Keyset position: lists are ordered by (created_at, id). */
  record Position(Instant createdAt, String id) {}

  record PageQuery(int limit, Position after) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  /**
   * `limit` 1–100 (default 20) and `cursor`; any other parameter is refused, as the whitelisting pipe does. A
   * parameter given twice arrives at Switchyard as an array (Fastify's query parser): not a number, not a string.
   * Each field's reasons come in the order class-validator reports them: the last decorator's first.
   */
  static PageQuery pageQuery(Map<String, List<String>> query) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (String key : query.keySet())
      if (!key.equals("limit") && !key.equals("cursor")) errors.add(fieldError(key, "property " + key + " should not exist"));
    int limit = 20;
    List<String> limits = query.get("limit");
    if (limits != null) {
      double number = limits.size() == 1 ? jsNumber(limits.get(0)) : Double.NaN;
      if (!(number <= 100)) errors.add(fieldError("limit", "limit must not be greater than 100"));
      if (!(number >= 1)) errors.add(fieldError("limit", "limit must not be less than 1"));
      if (Double.isNaN(number) || Double.isInfinite(number) || number != Math.rint(number)) errors.add(fieldError("limit", "limit must be an integer number"));
      limit = (int) number;
    }
    List<String> cursors = query.get("cursor");
    String cursor = cursors == null ? null : cursors.get(0);
    if (cursors != null && (cursors.size() > 1 || validatorLength(cursor) > 200))
      errors.add(fieldError("cursor", "cursor must be shorter than or equal to 200 characters"));
    if (cursors != null && cursors.size() > 1) errors.add(fieldError("cursor", "cursor must be a string"));
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

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern RADIX = Pattern.compile("0([xXoObB])([0-9a-fA-F]+)");

  /** JavaScript's Number() of a string (what class-transformer's @Type(() => Number) does): blank is 0, 0x10 is 16, anything else unparsable NaN. */
  static double jsNumber(String text) {
    String trimmed = stripJs(text);
    if (trimmed.isEmpty()) return 0;
    if (trimmed.equals("Infinity") || trimmed.equals("+Infinity")) return Double.POSITIVE_INFINITY;
    if (trimmed.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
    if (DECIMAL.matcher(trimmed).matches()) return Double.parseDouble(trimmed);
    Matcher radix = RADIX.matcher(trimmed);
    if (!radix.matches()) return Double.NaN;
    int base = switch (Character.toLowerCase(radix.group(1).charAt(0))) {
      case 'x' -> 16;
      case 'o' -> 8;
      default -> 2;
    };
    try {
      return new BigInteger(radix.group(2), base).doubleValue();
    } catch (NumberFormatException error) {
      return Double.NaN;
    }
  }

  /** JavaScript's \\s: what String.prototype.trim() strips and the \\S of a pattern refuses. */
  static boolean isJsWhitespace(char c) {
    return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
  }

  private static String stripJs(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isJsWhitespace(text.charAt(start))) start++;
    while (end > start && isJsWhitespace(text.charAt(end - 1))) end--;
    return text.substring(start, end);
  }

  /**
   * The NAME pattern of the spaces DTOs, /^\\S(.{0,118}\\S)?$/, as JavaScript runs it: on UTF-16 units, with
   * JavaScript's whitespace, and "." refusing only its four line terminators (Java's regex counts code points and
   * knows other whitespace).
   */
  static boolean matchesName(String name) {
    int length = name.length();
    if (length < 1 || length > 120 || isJsWhitespace(name.charAt(0)) || isJsWhitespace(name.charAt(length - 1))) return false;
    for (int index = 1; index < length - 1; index++) {
      char c = name.charAt(index);
      if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) return false;
    }
    return true;
  }

  /** validator.js's isLength (behind @MinLength/@MaxLength): a surrogate pair or a character with its presentation selector counts once. */
  static int validatorLength(String text) {
    int length = text.length();
    for (int index = 0; index + 1 < text.length(); index++) {
      char next = text.charAt(index + 1);
      if (text.charAt(index) != 0xFE0F && text.charAt(index) != 0xFE0E && (next == 0xFE0F || next == 0xFE0E)) {
        length--;
        index++;
      }
    }
    for (int index = 0; index + 1 < text.length(); index++) {
      if (Character.isHighSurrogate(text.charAt(index)) && Character.isLowSurrogate(text.charAt(index + 1))) {
        length--;
        index++;
      }
    }
    return length;
  }

  /**
   * The body as the validation pipe sees it: an object as it is, an array as an object keyed by index (each one
   * an unknown property), anything else (a string, a number, null) as an empty object.
   */
  static ObjectNode fieldsOf(JsonNode body) {
    if (body instanceof ObjectNode object) return object;
    ObjectNode fields = JSON.createObjectNode();
    if (body instanceof ArrayNode array) for (int index = 0; index < array.size(); index++) fields.set(String.valueOf(index), array.get(index));
    return fields;
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

  /**
   * Switchyard's decodeCursor: base64url, JSON, `[createdAt, id]` destructured (a string destructures into its
   * characters), `new Date(createdAt)` valid and `id` a string. JavaScript's Date takes numbers, null and booleans as
   * epoch milliseconds and strings in the ISO format of ECMA-262 (what Switchyard's cursors carry); its other,
   * implementation-defined string formats are not followed (docs/parity-differences.md, PD-3).
   */
  private static Position decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) return null;
    try {
      JsonNode position = JSON.readTree(Base64.getUrlDecoder().decode(cursor.replace("=", "")));
      JsonNode createdAt;
      JsonNode id;
      if (position instanceof ArrayNode array) {
        createdAt = array.get(0);
        id = array.get(1);
      } else if (position != null && position.isTextual() && position.asText().length() >= 2) {
        createdAt = JSON.getNodeFactory().textNode(position.asText().substring(0, 1));
        id = JSON.getNodeFactory().textNode(position.asText().substring(1, 2));
      } else throw new IllegalArgumentException("bad cursor");
      if (id == null || !id.isTextual()) throw new IllegalArgumentException("bad cursor");
      return new Position(jsDate(createdAt), id.asText());
    } catch (Exception error) {
      throw new ApiException(400, "INVALID_CURSOR", "cursor is not a cursor this API returned", List.of(fieldError("cursor", "cursor is malformed")));
    }
  }

  private static final Pattern ISO_DATE = Pattern.compile(
      "([+-]\\d{6}|\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?");
  private static final long MAX_DATE_MILLIS = 8_640_000_000_000_000L;

  /** `new Date(value)`: the instant, or an exception where JavaScript's date is invalid. Times without an offset are UTC here (the servers run in UTC). */
  private static Instant jsDate(JsonNode value) {
    if (value == null || value.isNull()) return Instant.EPOCH;
    if (value.isBoolean()) return Instant.ofEpochMilli(value.asBoolean() ? 1 : 0);
    if (value.isNumber()) {
      double millis = value.asDouble();
      if (Double.isNaN(millis) || Math.abs(millis) > MAX_DATE_MILLIS) throw new IllegalArgumentException("bad date");
      return Instant.ofEpochMilli((long) millis);
    }
    if (!value.isTextual()) throw new IllegalArgumentException("bad date");
    Matcher date = ISO_DATE.matcher(value.asText());
    if (!date.matches()) throw new IllegalArgumentException("bad date");
    int month = date.group(2) == null ? 1 : Integer.parseInt(date.group(2));
    int day = date.group(3) == null ? 1 : Integer.parseInt(date.group(3));
    int hour = date.group(4) == null ? 0 : Integer.parseInt(date.group(4));
    int minute = date.group(5) == null ? 0 : Integer.parseInt(date.group(5));
    int second = date.group(6) == null ? 0 : Integer.parseInt(date.group(6));
    String fraction = date.group(7) == null ? "0" : (date.group(7) + "00").substring(0, 3);
    // V8 checks a day against 1-31 only and rolls 2026-02-30 over into March; 24:00:00 is the next midnight.
    if (date.group(1).equals("-000000") || day < 1 || day > 31) throw new IllegalArgumentException("bad date");
    if (hour == 24 && (minute != 0 || second != 0 || !fraction.equals("000"))) throw new IllegalArgumentException("bad date");
    OffsetDateTime time = OffsetDateTime.of(Integer.parseInt(date.group(1)), month, 1, hour == 24 ? 0 : hour, minute, second,
        Integer.parseInt(fraction) * 1_000_000, date.group(8) == null || date.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(date.group(8)));
    return time.plusDays(day - 1 + (hour == 24 ? 1 : 0)).toInstant();
  }
}
