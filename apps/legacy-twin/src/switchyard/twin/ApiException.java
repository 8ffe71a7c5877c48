package switchyard.twin;

/** An answer in Switchyard's error body shape: status, stable code, message, optional details. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient Object details;

  ApiException(int status, String code, String message, Object details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  static ApiException spaceNotFound(String id) {
    return new ApiException(404, "SPACE_NOT_FOUND", "Space " + id + " not found");
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "FORBIDDEN", message);
  }
}
