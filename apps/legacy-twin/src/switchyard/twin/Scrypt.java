package switchyard.twin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scrypt (RFC 7914) in the hash format of Switchyard's PasswordHasher, `scrypt$N$r$p$salt$key` (base64),
 * over the NFKC form of the password: users written by either side log in on the other.
 */
final class Scrypt {
  private static final int N = 1 << 17, R = 8, P = 1, KEY_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scrypt() {}

  static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] key = derive(normalized(password), salt, N, R, P, KEY_LENGTH);
    Base64.Encoder base64 = Base64.getEncoder();
    return String.join("$", "scrypt", String.valueOf(N), String.valueOf(R), String.valueOf(P), base64.encodeToString(salt), base64.encodeToString(key));
  }

  static boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !parts[0].equals("scrypt")) return false;
    byte[] expected = Base64.getDecoder().decode(parts[5]);
    byte[] actual = derive(normalized(password), Base64.getDecoder().decode(parts[4]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
        Integer.parseInt(parts[3]), expected.length);
    return MessageDigest.isEqual(actual, expected);
  }

  private static byte[] normalized(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int length) {
    byte[] blocks = pbkdf2Once(password, salt, p * 128 * r);
    int[] v = new int[32 * r * n];
    for (int index = 0; index < p; index++) smix(blocks, index * 128 * r, r, n, v);
    return pbkdf2Once(password, blocks, length);
  }

  /** PBKDF2-HMAC-SHA256 with one iteration, on raw password bytes (the JDK's PBKDF2 takes chars). */
  private static byte[] pbkdf2Once(byte[] password, byte[] salt, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // Switchyard's passwords are at least 12 characters; an HMAC key of zero bytes is refused by the JDK.
      mac.init(new SecretKeySpec(password, "HmacSHA256"));
      byte[] out = new byte[length];
      for (int block = 1, offset = 0; offset < length; block++, offset += 32) {
        mac.update(salt);
        mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
        byte[] chunk = mac.doFinal();
        System.arraycopy(chunk, 0, out, offset, Math.min(32, length - offset));
      }
      return out;
    } catch (GeneralSecurityException error) {
      throw new IllegalStateException(error);
    }
  }

  private static void smix(byte[] bytes, int offset, int r, int n, int[] v) {
    int words = 32 * r;
    int[] x = new int[words];
    for (int k = 0; k < words; k++) {
      int at = offset + k * 4;
      x[k] = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, 0, v, i * words, words);
      x = blockMix(x, r);
    }
    for (int i = 0; i < n; i++) {
      int j = x[(2 * r - 1) * 16] & (n - 1);
      for (int k = 0; k < words; k++) x[k] ^= v[j * words + k];
      x = blockMix(x, r);
    }
    for (int k = 0; k < words; k++) {
      int at = offset + k * 4;
      bytes[at] = (byte) x[k];
      bytes[at + 1] = (byte) (x[k] >>> 8);
      bytes[at + 2] = (byte) (x[k] >>> 16);
      bytes[at + 3] = (byte) (x[k] >>> 24);
    }
  }

  private static int[] blockMix(int[] b, int r) {
    int[] y = new int[32 * r];
    int[] t = new int[16];
    System.arraycopy(b, (2 * r - 1) * 16, t, 0, 16);
    for (int i = 0; i < 2 * r; i++) {
      for (int k = 0; k < 16; k++) t[k] ^= b[i * 16 + k];
      salsa8(t);
      System.arraycopy(t, 0, y, ((i % 2 == 0) ? i / 2 : r + i / 2) * 16, 16);
    }
    return y;
  }

  private static void salsa8(int[] b) {
    int[] x = b.clone();
    for (int round = 0; round < 8; round += 2) {
      x[4] ^= Integer.rotateLeft(x[0] + x[12], 7); x[8] ^= Integer.rotateLeft(x[4] + x[0], 9);
      x[12] ^= Integer.rotateLeft(x[8] + x[4], 13); x[0] ^= Integer.rotateLeft(x[12] + x[8], 18);
      x[9] ^= Integer.rotateLeft(x[5] + x[1], 7); x[13] ^= Integer.rotateLeft(x[9] + x[5], 9);
      x[1] ^= Integer.rotateLeft(x[13] + x[9], 13); x[5] ^= Integer.rotateLeft(x[1] + x[13], 18);
      x[14] ^= Integer.rotateLeft(x[10] + x[6], 7); x[2] ^= Integer.rotateLeft(x[14] + x[10], 9);
      x[6] ^= Integer.rotateLeft(x[2] + x[14], 13); x[10] ^= Integer.rotateLeft(x[6] + x[2], 18);
      x[3] ^= Integer.rotateLeft(x[15] + x[11], 7); x[7] ^= Integer.rotateLeft(x[3] + x[15], 9);
      x[11] ^= Integer.rotateLeft(x[7] + x[3], 13); x[15] ^= Integer.rotateLeft(x[11] + x[7], 18);
      x[1] ^= Integer.rotateLeft(x[0] + x[3], 7); x[2] ^= Integer.rotateLeft(x[1] + x[0], 9);
      x[3] ^= Integer.rotateLeft(x[2] + x[1], 13); x[0] ^= Integer.rotateLeft(x[3] + x[2], 18);
      x[6] ^= Integer.rotateLeft(x[5] + x[4], 7); x[7] ^= Integer.rotateLeft(x[6] + x[5], 9);
      x[4] ^= Integer.rotateLeft(x[7] + x[6], 13); x[5] ^= Integer.rotateLeft(x[4] + x[7], 18);
      x[11] ^= Integer.rotateLeft(x[10] + x[9], 7); x[8] ^= Integer.rotateLeft(x[11] + x[10], 9);
      x[9] ^= Integer.rotateLeft(x[8] + x[11], 13); x[10] ^= Integer.rotateLeft(x[9] + x[8], 18);
      x[12] ^= Integer.rotateLeft(x[15] + x[14], 7); x[13] ^= Integer.rotateLeft(x[12] + x[15], 9);
      x[14] ^= Integer.rotateLeft(x[13] + x[12], 13); x[15] ^= Integer.rotateLeft(x[14] + x[13], 18);
    }
    for (int k = 0; k < 16; k++) b[k] += x[k];
  }
}
