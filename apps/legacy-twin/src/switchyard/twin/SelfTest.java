package switchyard.twin;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reproduces the worked example of docs/legacy-identity.md; exits non-zero when any check fails. */
final class SelfTest {
  private static final String SECRET = "example-secret-for-the-legacy-identity-docs-0123";
  private static final String TARGET = "/api/v1/reports?from=2026-01-01&limit=5";
  private static final byte[] BODY = "{\"name\":\"Q1 revenue\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
  private static final long SIGNED_AT = 1800000000L;

  static int run() {
    Map<String, String> headers = new HashMap<>();
    headers.put("x-identity-version", "2");
    headers.put("x-tenant-id", "5f0c6f1e-2a4b-4c1d-9e8f-0a1b2c3d4e5f");
    headers.put("x-user-id", "9b2e7c4a-1d3f-4e5a-8b6c-7d8e9f0a1b2c");
    headers.put("x-user-role", "admin");
    headers.put("x-identity-timestamp", "1800000000");
    headers.put("x-content-sha256", "567305725d127341683d985cf3ef0dfea0937c41fc9b087ec394307d1739d6bf");
    headers.put("x-identity-signature", "801399c13b651e99a72cdd12534efc83f9ad628e73cc2bcbddf66eaa9f7d651a");
    IdentityVerifier verifier = new IdentityVerifier(SECRET);
    int failures = 0;
    failures += check("body digest", IdentityVerifier.sha256Hex(BODY).equals(headers.get("x-content-sha256")));
    failures += check("example verifies", verifier.verify("POST", TARGET, headers, BODY, SIGNED_AT).isPresent());
    failures += check("example verifies 60 s later", verifier.verify("POST", TARGET, headers, BODY, SIGNED_AT + 60).isPresent());
    failures += check("limit=6 is refused", verifier.verify("POST", TARGET.replace("limit=5", "limit=6"), headers, BODY, SIGNED_AT).isEmpty());
    failures += check("another body is refused", verifier.verify("POST", TARGET, headers, "{}".getBytes(StandardCharsets.UTF_8), SIGNED_AT).isEmpty());
    failures += check("61 s later is refused", verifier.verify("POST", TARGET, headers, BODY, SIGNED_AT + 61).isEmpty());
    failures += check("61 s earlier is refused", verifier.verify("POST", TARGET, headers, BODY, SIGNED_AT - 61).isEmpty());
    Map<String, String> leadingZero = new HashMap<>(headers);
    leadingZero.put("x-identity-timestamp", "01800000000");
    failures += check("a timestamp with a leading zero is refused", verifier.verify("POST", TARGET, leadingZero, BODY, SIGNED_AT).isEmpty());
    System.out.println(failures == 0 ? "self-test passed" : "self-test FAILED: " + failures + " check(s)");
    return failures == 0 ? 0 : 1;
  }

  private static int check(String name, boolean passed) {
    System.out.println((passed ? "ok   " : "FAIL ") + name);
    return passed ? 0 : 1;
  }
}
