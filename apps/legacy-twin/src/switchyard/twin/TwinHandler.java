package switchyard.twin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes: /__twin/* (health, faults) and the spaces routes under /api/v1, behind the identity check. */
final class TwinHandler implements HttpHandler {
  private record Fault(long delayMs, int status) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SPACE = Pattern.compile("^/api/v1/spaces/([^/]+)$");
  private static final Pattern MEMBER = Pattern.compile("^/api/v1/spaces/([^/]+)/members/([^/]+)$");
  private static final Pattern USER = Pattern.compile("^/api/v1/users/([^/]+)$");
  private static final Pattern USER_SESSIONS = Pattern.compile("^/api/v1/users/([^/]+)/sessions$");
  private static final Pattern UUID_V4 = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", Pattern.CASE_INSENSITIVE);

  private final IdentityVerifier verifier;
  private final SpacesService spaces;
  private final UsersService users;
  private final Database database;
  private volatile Fault fault;

  TwinHandler(IdentityVerifier verifier, SpacesService spaces, UsersService users, Database database) {
    this.verifier = verifier;
    this.spaces = spaces;
    this.users = users;
    this.database = database;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      try {
        if (path.startsWith("/__twin/")) twin(exchange, path, body);
        else api(exchange, path, body);
      } catch (ApiException error) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", error.status);
        answer.put("error", error.code);
        answer.put("message", error.getMessage());
        if (error.details != null) answer.put("details", error.details);
        send(exchange, error.status, answer);
      } catch (Exception error) {
        String requestId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-request-id")).orElse(UUID.randomUUID().toString());
        System.err.println("legacy-twin: " + exchange.getRequestMethod() + " " + path + " failed (request " + requestId + "): " + error);
        send(exchange, 500, Map.of("statusCode", 500, "error", "INTERNAL_ERROR", "message", "Internal server error", "details", Map.of("requestId", requestId)));
      }
    }
  }

  private void twin(HttpExchange exchange, String path, byte[] body) throws Exception {
    String method = exchange.getRequestMethod();
    if (path.equals("/__twin/health") && method.equals("GET")) {
      try (Connection connection = database.open()) {
        connection.createStatement().execute("SELECT 1 FROM spaces LIMIT 1");
      }
      send(exchange, 200, Map.of("status", "ok"));
      return;
    }
    if (!path.equals("/__twin/faults")) throw notFound(exchange);
    if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress())
      throw new ApiException(403, "FORBIDDEN", "Faults are accepted only from loopback");
    if (method.equals("DELETE")) {
      fault = null;
      send(exchange, 204, null);
    } else if (method.equals("POST")) {
      JsonNode request = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
      long delayMs = request.path("delayMs").asLong(0);
      int status = request.path("status").asInt(0);
      if (delayMs < 0 || (status != 0 && (status < 400 || status > 599)))
        throw new ApiException(400, "VALIDATION_FAILED", "delayMs must be >= 0 and status a 4xx or 5xx");
      fault = new Fault(delayMs, status);
      send(exchange, 200, Map.of("delayMs", delayMs, "status", status));
    } else throw notFound(exchange);
  }

  /** One route's work once the request is admitted: the caller and the parsed body (null for GET and DELETE). */
  private interface Route {
    void serve(HttpExchange exchange, IdentityVerifier.Identity caller, JsonNode body) throws Exception;
  }

  /**
   * In Switchyard's order: Fastify finds the route (404 for none, before any identity check) and parses a JSON body
   * (400 MALFORMED_JSON, still before identity), then Nest's guard (401, 403 for tenant roles), the pipes (malformed
   * id, then body) and the service.
   */
  private void api(HttpExchange exchange, String path, byte[] body) throws Exception {
    Fault current = fault;
    if (current != null) {
      if (current.delayMs() > 0) Thread.sleep(current.delayMs());
      if (current.status() != 0) throw new ApiException(current.status(), "TWIN_FAULT", "Fault injected by the legacy twin");
    }
    String method = exchange.getRequestMethod();
    Route route = route(method, path);
    if (route == null) throw notFound(exchange);
    JsonNode json = method.equals("GET") || method.equals("DELETE") ? null : json(exchange, body);
    route.serve(exchange, authenticate(exchange, method, body), json);
  }

  private Route route(String method, String path) {
    if (path.equals("/api/v1/users")) {
      if (method.equals("GET")) return (exchange, caller, body) -> send(exchange, 200, users.list(caller, query(exchange)));
      if (method.equals("POST")) return (exchange, caller, body) -> send(exchange, 201, users.create(caller, body));
      return null;
    }
    if (path.equals("/api/v1/spaces")) {
      if (method.equals("GET")) return (exchange, caller, body) -> send(exchange, 200, spaces.list(caller, query(exchange)));
      if (method.equals("POST")) return (exchange, caller, body) -> send(exchange, 201, spaces.create(caller, body));
      return null;
    }
    Matcher user = USER.matcher(path);
    if (user.matches() && method.equals("PATCH"))
      return (exchange, caller, body) -> {
        // Switchyard's @TenantRoles guard runs before the id and body pipes.
        users.requireAdministrator(caller);
        send(exchange, 200, users.update(caller, uuidV4(user.group(1)), body));
      };
    Matcher sessions = USER_SESSIONS.matcher(path);
    if (sessions.matches() && method.equals("DELETE"))
      return (exchange, caller, body) -> {
        users.endSessions(caller, uuidV4(sessions.group(1)));
        send(exchange, 204, null);
      };
    Matcher member = MEMBER.matcher(path);
    if (member.matches() && method.equals("PUT"))
      return (exchange, caller, body) -> {
        String spaceId = uuidV4(member.group(1));
        String userId = uuidV4(member.group(2));
        send(exchange, 200, spaces.setMember(caller, spaceId, userId, body));
      };
    Matcher space = SPACE.matcher(path);
    if (!space.matches()) return null;
    return switch (method) {
      case "GET" -> (exchange, caller, body) -> send(exchange, 200, spaces.require(caller, uuidV4(space.group(1)), "read"));
      case "PATCH" -> (exchange, caller, body) -> send(exchange, 200, spaces.update(caller, uuidV4(space.group(1)), body));
      case "DELETE" -> (exchange, caller, body) -> {
        spaces.delete(caller, uuidV4(space.group(1)));
        send(exchange, 204, null);
      };
      default -> null;
    };
  }

  private IdentityVerifier.Identity authenticate(HttpExchange exchange, String method, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    for (String name : IdentityVerifier.HEADERS) headers.put(name, exchange.getRequestHeaders().getFirst(name));
    if (IdentityVerifier.absent(headers)) throw new ApiException(401, "MISSING_TOKEN", "Missing identity headers");
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String target = exchange.getRequestURI().getRawPath() + (rawQuery != null ? "?" + rawQuery : "");
    return verifier.verify(method, target, headers, body, System.currentTimeMillis() / 1000)
        .orElseThrow(() -> new ApiException(401, "INVALID_TOKEN", "Identity headers do not verify"));
  }

  /** Nest's ParseUUIDPipe({ version: '4' }): 400 before anything else looks at the request. */
  private static String uuidV4(String segment) {
    String id = URLDecoder.decode(segment, StandardCharsets.UTF_8);
    if (!UUID_V4.matcher(id).matches()) throw new ApiException(400, "BAD_REQUEST", "Validation failed (uuid v 4 is expected)");
    return id;
  }

  /**
   * The body as Switchyard's parser takes it (libs/errors/src/json-body.parser.ts): empty with a JSON content type,
   * nested deeper than 32, blank, not JSON or followed by more text, or carrying a prototype key is a 400; no body at all
   * is an empty object.
   */
  private static JsonNode json(HttpExchange exchange, byte[] body) {
    String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("content-type")).orElse("").toLowerCase(Locale.ROOT);
    boolean isJson = contentType.startsWith("application/json");
    if (body.length == 0) {
      if (isJson) throw new ApiException(400, "MALFORMED_JSON", "Request body is empty but Content-Type is application/json");
      return JSON.createObjectNode();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (exceedsJsonDepth(text, MAX_JSON_DEPTH))
      throw new ApiException(400, "MALFORMED_JSON", "Request body nests deeper than " + MAX_JSON_DEPTH + " levels");
    JsonNode parsed;
    try {
      // secure-json-parse, behind Fastify's parser, drops one leading byte order mark.
      parsed = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (IOException error) {
      throw new ApiException(400, "MALFORMED_JSON", "Request body is not valid JSON");
    }
    if (parsed == null || parsed.isMissingNode() || hasPrototypeKey(parsed)) throw new ApiException(400, "MALFORMED_JSON", "Request body is not valid JSON");
    return parsed;
  }

  private static final int MAX_JSON_DEPTH = 32;

  /** The same scan as Switchyard's exceedsJsonDepth: brackets outside strings, escapes honoured. */
  static boolean exceedsJsonDepth(String text, int max) {
    int depth = 0;
    boolean inString = false;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (inString) {
        if (c == '\\') index++;
        else if (c == '"') inString = false;
      } else if (c == '"') inString = true;
      else if (c == '{' || c == '[') {
        if (++depth > max) return true;
      } else if (c == '}' || c == ']') depth--;
    }
    return false;
  }

  /** Fastify's parser refuses `__proto__` keys, and `constructor` objects holding `prototype` (secure-json-parse). */
  private static boolean hasPrototypeKey(JsonNode node) {
    if (node.isArray()) {
      for (JsonNode child : node) if (hasPrototypeKey(child)) return true;
      return false;
    }
    if (!node.isObject()) return false;
    if (node.has("__proto__") || (node.path("constructor").isObject() && node.path("constructor").has("prototype"))) return true;
    for (JsonNode child : node) if (hasPrototypeKey(child)) return true;
    return false;
  }

  /** The query as Fastify parses it: a parameter given twice keeps both values. */
  private static Map<String, List<String>> query(HttpExchange exchange) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) return query;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      query.computeIfAbsent(key, ignored -> new ArrayList<>()).add(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  private static ApiException notFound(HttpExchange exchange) {
    // Nest names the URL as requested, query included.
    String query = exchange.getRequestURI().getRawQuery();
    return new ApiException(404, "NOT_FOUND",
        "Cannot " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + (query != null ? "?" + query : ""));
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    exchange.getResponseHeaders().set("x-served-by", "legacy-twin");
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("content-type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
