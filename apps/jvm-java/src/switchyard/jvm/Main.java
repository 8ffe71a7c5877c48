package switchyard.jvm;

import com.google.gson.Gson;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** calcite.v1 and seatunnel.v1 on grpc-java, on MariaDB: the real-JVM counterpart of apps/jvm-emulator. */
public final class Main {
  private static final long SHUTDOWN_GRACE_MS = 2000;
  private static final Gson GSON = new Gson();

  private Main() {}

  public static void main(String[] args) throws Exception {
    String catalogUrl = System.getenv("CALCITE_DATABASE_URL");
    if (catalogUrl == null || catalogUrl.isBlank())
      refuse("CALCITE_DATABASE_URL is not set (mysql://user:pass@host:port/db, the catalog ValidateSQL resolves names in)");
    MariaDbUrl catalog;
    try {
      catalog = MariaDbUrl.parse(catalogUrl, "CALCITE_DATABASE_URL");
    } catch (IllegalArgumentException error) {
      refuse(error.getMessage());
      return;
    }
    String host = envOr("JVM_JAVA_HOST", "127.0.0.1");
    int port = portFrom("JVM_JAVA_PORT", "50051");
    String controlPort = System.getenv("JVM_JAVA_CONTROL_PORT");

    TestControls controls = new TestControls();
    SyncTasks tasks = new SyncTasks(System.getenv("SEATUNNEL_DATABASE_USER"), System.getenv("SEATUNNEL_DATABASE_PASSWORD"));
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(ServerInterceptors.intercept(new CalciteService(new SqlValidator(catalog)), controls))
        .addService(ServerInterceptors.intercept(new SyncService(tasks), controls))
        .build()
        .start();
    Map<String, Object> listening = new LinkedHashMap<>();
    listening.put("address", host + ":" + server.getPort());
    listening.put("services", List.of("calcite.v1.CalciteService", "seatunnel.v1.SyncService"));
    if (controlPort != null && !controlPort.isBlank()) listening.put("controls", "127.0.0.1:" + controls.serve(portFrom("JVM_JAVA_CONTROL_PORT", "0")));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log("stopping", Map.of());
      server.shutdown();
      try {
        // A client that keeps a call open must not hold the process: close it after the grace period.
        if (!server.awaitTermination(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) server.shutdownNow();
      } catch (InterruptedException interrupted) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }));
    log("listening", listening);
    server.awaitTermination();
  }

  private static void log(String event, Map<String, Object> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.now().toString());
    line.put("service", "jvm-java");
    line.put("event", event);
    line.putAll(fields);
    System.out.println(GSON.toJson(line));
  }

  private static int portFrom(String name, String fallback) {
    String value = envOr(name, fallback);
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException ignored) {
      // refused below
    }
    refuse(name + " must be a port number, got \"" + value + "\"");
    return -1;
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void refuse(String reason) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("service", "jvm-java");
    line.put("event", "failed");
    line.put("message", reason);
    System.err.println(GSON.toJson(line));
    System.exit(1);
  }
}
