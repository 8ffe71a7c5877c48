package switchyard.twin;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The legacy twin: a small Java stand-in for the legacy backend on Switchyard's own database. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--self-test")) System.exit(SelfTest.run());
    String databaseUrl = System.getenv("DATABASE_URL");
    String secret = System.getenv("LEGACY_IDENTITY_SECRET");
    if (databaseUrl == null || databaseUrl.isBlank()) refuse("DATABASE_URL is not set (mysql://user:pass@host:port/db, the database Switchyard uses)");
    if (secret == null || secret.length() < 32) refuse("LEGACY_IDENTITY_SECRET is not set or shorter than 32 characters (the secret Switchyard signs identity with)");
    String host = envOr("LEGACY_TWIN_HOST", "127.0.0.1");
    int port = Integer.parseInt(envOr("LEGACY_TWIN_PORT", "3099"));

    Database database = new Database(databaseUrl);
    TwinHandler handler = new TwinHandler(new IdentityVerifier(secret), new SpacesService(new SpacesRepository(database)),
        new UsersService(new UsersRepository(database)), database);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    server.createContext("/", handler);
    server.setExecutor(Executors.newCachedThreadPool());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    server.start();
    System.out.println("legacy-twin listening on http://" + host + ":" + server.getAddress().getPort());
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void refuse(String reason) {
    System.err.println("legacy-twin: refusing to start: " + reason);
    System.exit(1);
  }
}
