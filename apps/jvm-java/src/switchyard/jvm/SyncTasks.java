package switchyard.jvm;

import com.dataplatform.seatunnel.v1.SyncTask;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * SeaTunnel's task lifecycle, done for real: a task copies every row of its source tables into its target tables between
 * two MariaDB databases, on a worker thread, in batches committed one by one. Status is read from the task at any time.
 */
final class SyncTasks {
  /** A request the service refuses (missing fields, an address it cannot use). */
  static final class InvalidTaskException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTaskException(String message) {
      super(message);
    }
  }

  /** No task has this id. */
  static final class TaskNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    TaskNotFoundException(String id) {
      super("Task \"" + id + "\" not found");
    }
  }

  static final int BATCH_ROWS = 500;

  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<String, String> taskIdsByIdempotencyKey = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "sync-task");
    thread.setDaemon(true);
    return thread;
  });
  private final String fallbackUser;
  private final String fallbackPassword;

  SyncTasks(String fallbackUser, String fallbackPassword) {
    this.fallbackUser = fallbackUser;
    this.fallbackPassword = fallbackPassword;
  }

  /** Creates the task (PENDING) and starts copying; the same non-empty idempotency key returns the task created first. */
  SyncTask submit(SyncTask requested, Map<String, String> tableMapping, String idempotencyKey) throws InvalidTaskException {
    List<String> missing = new ArrayList<>();
    if (requested.getName().isBlank()) missing.add("name");
    if (requested.getSource().isBlank()) missing.add("source");
    if (requested.getTarget().isBlank()) missing.add("target");
    if (!missing.isEmpty()) throw new InvalidTaskException(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " required");
    synchronized (taskIdsByIdempotencyKey) {
      String existing = idempotencyKey.isEmpty() ? null : taskIdsByIdempotencyKey.get(idempotencyKey);
      if (existing != null) return tasks.get(existing).view();
      Task task = new Task(UUID.randomUUID().toString(), requested, plan(requested, tableMapping));
      tasks.put(task.id, task);
      if (!idempotencyKey.isEmpty()) taskIdsByIdempotencyKey.put(idempotencyKey, task.id);
      SyncTask created = task.view();
      workers.execute(task::run);
      return created;
    }
  }

  SyncTask status(String id) throws TaskNotFoundException {
    return find(id).view();
  }

  /** Cancelling stops a pending or running task where it is (its committed batches stay); a finished task is returned as it is. */
  SyncTask cancel(String id) throws TaskNotFoundException {
    return find(id).cancel();
  }

  private Task find(String id) throws TaskNotFoundException {
    Task task = tasks.get(id);
    if (task == null) throw new TaskNotFoundException(id);
    return task;
  }

  /** Which table goes where: the mapping when given, else the table the source URL names, to the target's table or the same name. */
  private static Plan plan(SyncTask requested, Map<String, String> tableMapping) throws InvalidTaskException {
    MariaDbUrl source;
    MariaDbUrl target;
    try {
      source = MariaDbUrl.parse(requested.getSource(), "source");
      target = MariaDbUrl.parse(requested.getTarget(), "target");
    } catch (IllegalArgumentException error) {
      throw new InvalidTaskException(error.getMessage());
    }
    Map<String, String> tables = new LinkedHashMap<>(tableMapping);
    if (tables.isEmpty() && !source.table().isEmpty()) tables.put(source.table(), target.table().isEmpty() ? source.table() : target.table());
    if (tables.isEmpty()) throw new InvalidTaskException("table_mapping is required when source names no table (mysql://host/db.table)");
    if (source.database().isEmpty() || target.database().isEmpty()) throw new InvalidTaskException("source and target must name a database");
    return new Plan(source, target, tables);
  }

  private record Plan(MariaDbUrl source, MariaDbUrl target, Map<String, String> tables) {}

  private final class Task {
    final String id;
    final SyncTask requested;
    final Plan plan;
    final long createdAtMs = System.currentTimeMillis();
    // Guarded by this: once status is terminal nothing changes any more.
    String status = "PENDING";
    long totalRows;
    long rowsRead;
    long rowsWritten;
    String error = "";
    long startedAtMs;
    long finishedAtMs;
    Statement running;

    Task(String id, SyncTask requested, Plan plan) {
      this.id = id;
      this.requested = requested;
      this.plan = plan;
    }

    synchronized SyncTask view() {
      int progress = status.equals("SUCCEEDED") ? 100 : totalRows == 0 ? 0 : (int) Math.min(100, rowsWritten * 100 / totalRows);
      return SyncTask.newBuilder().setId(id).setName(requested.getName()).setSource(requested.getSource())
          .setTarget(requested.getTarget()).setStatus(status).setProgress(progress).setRowsRead(rowsRead)
          .setRowsWritten(rowsWritten).setError(error).setCreatedAtMs(createdAtMs).setStartedAtMs(startedAtMs)
          .setFinishedAtMs(finishedAtMs).build();
    }

    synchronized boolean terminal() {
      return !status.equals("PENDING") && !status.equals("RUNNING");
    }

    SyncTask cancel() {
      Statement interrupted;
      SyncTask cancelled;
      synchronized (this) {
        if (terminal()) return view();
        status = "CANCELLED";
        finishedAtMs = System.currentTimeMillis();
        interrupted = running;
        cancelled = view();
      }
      // A statement waiting on the database (a lock, a long read) is killed rather than awaited.
      if (interrupted != null) {
        try {
          interrupted.cancel();
        } catch (SQLException ignored) {
          // It finished meanwhile; the worker sees the status at its next batch.
        }
      }
      return cancelled;
    }

    void run() {
      synchronized (this) {
        if (terminal()) return;
        status = "RUNNING";
        startedAtMs = System.currentTimeMillis();
      }
      try (Connection source = plan.source().open(fallbackUser, fallbackPassword);
          Connection target = plan.target().open(fallbackUser, fallbackPassword)) {
        long total = 0;
        for (String table : plan.tables().keySet()) total += count(source, table);
        synchronized (this) {
          totalRows = total;
        }
        target.setAutoCommit(false);
        for (Map.Entry<String, String> mapping : plan.tables().entrySet()) {
          if (terminal()) return;
          copy(source, target, mapping.getKey(), mapping.getValue());
        }
        synchronized (this) {
          if (terminal()) return;
          status = "SUCCEEDED";
          finishedAtMs = System.currentTimeMillis();
        }
      } catch (SQLException | RuntimeException failure) {
        synchronized (this) {
          if (terminal()) return;  // cancelled: the killed statement's error is the cancel, not a failure
          status = "FAILED";
          error = failure.getMessage() == null ? failure.toString() : failure.getMessage().replaceFirst("^\\(conn=\\d+\\)\\s*", "");
          finishedAtMs = System.currentTimeMillis();
        }
      } finally {
        synchronized (this) {
          running = null;
        }
      }
    }

    private long count(Connection source, String table) throws SQLException {
      try (Statement statement = track(source.createStatement()); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + quote(table))) {
        rows.next();
        return rows.getLong(1);
      }
    }

    private void copy(Connection source, Connection target, String sourceTable, String targetTable) throws SQLException {
      createTargetIfMissing(source, target, sourceTable, targetTable);
      try (Statement read = track(source.createStatement())) {
        read.setFetchSize(BATCH_ROWS);
        try (ResultSet rows = read.executeQuery("SELECT * FROM " + quote(sourceTable))) {
          ResultSetMetaData columns = rows.getMetaData();
          int count = columns.getColumnCount();
          List<String> names = new ArrayList<>();
          for (int column = 1; column <= count; column++) names.add(quote(columns.getColumnName(column)));
          String insert = "INSERT INTO " + quote(targetTable) + " (" + String.join(", ", names) + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(count, "?")) + ")";
          try (PreparedStatement write = target.prepareStatement(insert)) {
            int batched = 0;
            while (rows.next()) {
              for (int column = 1; column <= count; column++) write.setObject(column, rows.getObject(column));
              write.addBatch();
              batched++;
              if (batched == BATCH_ROWS) {
                if (!commit(target, write, batched)) return;
                batched = 0;
              }
            }
            if (batched > 0) commit(target, write, batched);
          }
        }
      }
    }

    /** Writes one batch unless the task was cancelled meanwhile (then it is rolled back); false when the task should stop. */
    private boolean commit(Connection target, PreparedStatement write, int batched) throws SQLException {
      synchronized (this) {
        rowsRead += batched;
        if (terminal()) {
          target.rollback();
          return false;
        }
      }
      write.executeBatch();
      target.commit();
      synchronized (this) {
        if (terminal()) return false;
        rowsWritten += batched;
      }
      return true;
    }

    /** SeaTunnel's JDBC sink creates a missing target table; so does this, with the source table's definition. */
    private void createTargetIfMissing(Connection source, Connection target, String sourceTable, String targetTable) throws SQLException {
      DatabaseMetaData metadata = target.getMetaData();
      try (ResultSet existing = metadata.getTables(target.getCatalog(), null, targetTable, new String[] {"TABLE"})) {
        if (existing.next()) return;
      }
      String definition;
      try (Statement statement = track(source.createStatement());
          ResultSet rows = statement.executeQuery("SHOW CREATE TABLE " + quote(sourceTable))) {
        rows.next();
        definition = rows.getString(2);
      }
      String renamed = definition.replaceFirst("^CREATE TABLE `(?:[^`]|``)*`", java.util.regex.Matcher.quoteReplacement("CREATE TABLE " + quote(targetTable)));
      try (Statement statement = target.createStatement()) {
        statement.execute(renamed);
      }
    }

    private Statement track(Statement statement) {
      synchronized (this) {
        running = statement;
      }
      return statement;
    }
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
