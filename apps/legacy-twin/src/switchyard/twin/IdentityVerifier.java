package switchyard.twin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies Switchyard's identity headers, scheme 2, written from docs/legacy-identity.md alone. */
public final class IdentityVerifier {
  public record Identity(String tenantId, String userId, String role) {}

  static final String[] HEADERS = {
    "x-identity-version", "x-tenant-id", "x-user-id", "x-user-role", "x-identity-timestamp", "x-content-sha256", "x-identity-signature"
  };
  private static final Pattern TIMESTAMP = Pattern.compile("0|[1-9][0-9]{0,14}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final long MAX_SKEW_SECONDS = 60;

  private final byte[] secret;

  public IdentityVerifier(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** True when none of the identity headers was sent: an anonymous request, not a forged one. */
  public static boolean absent(Map<String, String> headers) {
    for (String name : HEADERS) if (headers.get(name) != null) return false;
    return true;
  }

  public Optional<Identity> verify(String method, String target, Map<String, String> headers, byte[] body, long nowEpochSeconds) {
    String[] values = new String[HEADERS.length];
    for (int index = 0; index < HEADERS.length; index++) {
      values[index] = headers.get(HEADERS[index]);
      if (values[index] == null || values[index].isEmpty()) return Optional.empty();
    }
    String version = values[0], tenantId = values[1], userId = values[2], role = values[3];
    String timestamp = values[4], contentSha256 = values[5], signature = values[6];
    if (!version.equals("2")) return Optional.empty();
    if (!TIMESTAMP.matcher(timestamp).matches()) return Optional.empty();
    if (Math.abs(nowEpochSeconds - Long.parseLong(timestamp)) > MAX_SKEW_SECONDS) return Optional.empty();
    if (!sha256Hex(body).equals(contentSha256)) return Optional.empty();
    if (!HEX_SHA256.matcher(signature).matches()) return Optional.empty();
    String canonical = String.join("\n", "switchyard-identity-v2", method, target, tenantId, userId, role, timestamp, contentSha256);
    byte[] expected = hmac(canonical);
    if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) return Optional.empty();
    return Optional.of(new Identity(tenantId, userId, role));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException error) {
      throw new IllegalStateException(error);
    }
  }

  private byte[] hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException error) {
      throw new IllegalStateException(error);
    }
  }
}
