package switchyard.jvm;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's test controls over HTTP on loopback: {@code POST /__jvm/failures {"count", "code", "service"}} makes the
 * next calls answer a status instead of being served (JvmEmulator.failNext), {@code GET /__jvm/calls} lists every call
 * received with its service, method, peer and traceparent (JvmEmulator.calls), {@code DELETE /__jvm/calls} forgets both
 * (JvmEmulator.reset), {@code GET /__jvm/health} answers 200.
 */
final class TestControls implements ServerInterceptor {
  private record PlannedFailure(String service, Status.Code code, int[] remaining) {}

  private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  private final List<Map<String, String>> calls = new ArrayList<>();
  private final List<PlannedFailure> planned = new ArrayList<>();
  private final Gson gson = new Gson();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String fullName = call.getMethodDescriptor().getFullMethodName();
    String service = fullName.startsWith("calcite.") ? "calcite" : "seatunnel";
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("service", service);
    recorded.put("method", fullName.substring(fullName.indexOf('/') + 1));
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    recorded.put("peer", String.valueOf(peer));
    String traceparent = headers.get(TRACEPARENT);
    if (traceparent != null) recorded.put("traceparent", traceparent);
    Status.Code failure;
    synchronized (this) {
      calls.add(recorded);
      failure = take(service);
    }
    if (failure == null) return next.startCall(call, headers);
    call.close(Status.fromCode(failure).withDescription("Injected " + failure.name() + " (POST /__jvm/failures)"), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The failure this call answers, if one is planned for its service; plans are used in order, one without a service matches both. */
  private Status.Code take(String service) {
    for (int index = 0; index < planned.size(); index++) {
      PlannedFailure plan = planned.get(index);
      if (plan.service() != null && !plan.service().equals(service)) continue;
      if (--plan.remaining()[0] == 0) planned.remove(index);
      return plan.code();
    }
    return null;
  }

  /** Serves the controls on 127.0.0.1:{@code port} (0 picks one); the bound port. */
  int serve(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/__jvm/", this::handle);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    try (exchange) {
      switch (route) {
        case "GET /__jvm/health" -> reply(exchange, 200, "{\"status\":\"ok\"}");
        case "GET /__jvm/calls" -> {
          String body;
          synchronized (this) {
            body = gson.toJson(calls);
          }
          reply(exchange, 200, body);
        }
        case "DELETE /__jvm/calls" -> {
          synchronized (this) {
            calls.clear();
            planned.clear();
          }
          reply(exchange, 200, "{}");
        }
        case "POST /__jvm/failures" -> plan(exchange);
        default -> reply(exchange, 404, "{\"error\":\"no such control: " + route + "\"}");
      }
    }
  }

  private void plan(HttpExchange exchange) throws IOException {
    JsonObject body;
    try {
      body = gson.fromJson(new InputStreamReader(exchange.getRequestBody(), StandardCharsets.UTF_8), JsonObject.class);
    } catch (RuntimeException error) {
      reply(exchange, 400, gson.toJson(Map.of("error", "body must be JSON: " + error.getMessage())));
      return;
    }
    int count = body != null && body.has("count") ? body.get("count").getAsInt() : 0;
    int code = body != null && body.has("code") ? body.get("code").getAsInt() : 0;
    String service = body != null && body.has("service") && !body.get("service").isJsonNull() ? body.get("service").getAsString() : null;
    if (count < 1 || code < 1 || code > 16 || service != null && !service.equals("calcite") && !service.equals("seatunnel")) {
      reply(exchange, 400, gson.toJson(Map.of("error", "needs a positive count, an error code 1-16 and service calcite, seatunnel or none")));
      return;
    }
    synchronized (this) {
      planned.add(new PlannedFailure(service, Status.fromCodeValue(code).getCode(), new int[] {count}));
    }
    reply(exchange, 200, "{}");
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(bytes);
    }
  }
}
