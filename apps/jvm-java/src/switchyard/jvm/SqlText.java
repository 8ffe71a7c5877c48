package switchyard.jvm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What calcite.v1 answers about SQL text that MariaDB does not report: the normalised text, the statement type and the
 * tables named, read from a MySQL token stream of SQL MariaDB has already parsed; and line/column positions.
 */
final class SqlText {
  private SqlText() {}

  /** One token: an identifier or keyword (backticks removed), a string or number, or one punctuation character. */
  record Token(String text, boolean identifier, boolean quoted, int offset) {
    boolean is(String word) {
      return identifier && !quoted && text.equalsIgnoreCase(word);
    }
  }

  // Words that end a table reference in a FROM list rather than alias it.
  private static final Set<String> NOT_ALIASES = Set.of("WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "CROSS", "NATURAL",
      "STRAIGHT_JOIN", "ON", "USING", "GROUP", "ORDER", "LIMIT", "HAVING", "SET", "UNION", "WINDOW", "FOR", "LOCK", "INTO",
      "VALUES", "VALUE", "SELECT", "PARTITION", "USE", "FORCE", "IGNORE", "FULL", "OUTER", "EXCEPT", "INTERSECT", "RETURNING",
      "LATERAL", "WITH", "AS", "OFFSET", "FETCH", "PROCEDURE");
  private static final Set<String> TABLE_KEYWORDS = Set.of("FROM", "JOIN", "UPDATE", "INTO", "TABLE", "STRAIGHT_JOIN");
  private static final Set<String> MAIN_STATEMENTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE");

  /** The statement with surrounding blanks trimmed and every run of whitespace collapsed to one space. */
  static String normalize(String sql) {
    return sql.strip().replaceAll("\\s+", " ");
  }

  static List<Token> tokenize(String sql) {
    List<Token> tokens = new ArrayList<>();
    int index = 0;
    int length = sql.length();
    while (index < length) {
      char c = sql.charAt(index);
      if (Character.isWhitespace(c)) {
        index++;
      } else if (c == '#' || c == '-' && sql.startsWith("-- ", index) || c == '-' && index + 2 == length && sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        index = end < 0 ? length : end + 1;
      } else if (c == '/' && sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        index = end < 0 ? length : end + 2;
      } else if (c == '`') {
        int end = closing(sql, index, '`');
        tokens.add(new Token(sql.substring(index + 1, Math.max(index + 1, end - 1)).replace("``", "`"), true, true, index));
        index = end;
      } else if (c == '\'' || c == '"') {
        int end = closing(sql, index, c);
        tokens.add(new Token(sql.substring(index, end), false, false, index));
        index = end;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@') {
        int end = index + 1;
        while (end < length && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) end++;
        tokens.add(new Token(sql.substring(index, end), !Character.isDigit(c) && c != '@', false, index));
        index = end;
      } else {
        tokens.add(new Token(String.valueOf(c), false, false, index));
        index++;
      }
    }
    return tokens;
  }

  /** The offset just past the quote closing the one at {@code start} (a doubled quote or a backslash escape does not close). */
  private static int closing(String sql, int start, char quote) {
    int index = start + 1;
    while (index < sql.length()) {
      char c = sql.charAt(index);
      if (c == '\\' && quote != '`') {
        index += 2;
      } else if (c == quote) {
        if (index + 1 < sql.length() && sql.charAt(index + 1) == quote) index += 2;
        else return index + 1;
      } else {
        index++;
      }
    }
    return sql.length();
  }

  /** SELECT, INSERT, UPDATE, ...: the first keyword, or for WITH the statement the common table expressions feed. */
  static String statementType(List<Token> tokens) {
    int index = 0;
    while (index < tokens.size() && tokens.get(index).text().equals("(")) index++;
    if (index >= tokens.size()) return "";
    Token first = tokens.get(index);
    if (!first.identifier()) return "";
    String keyword = first.text().toUpperCase(Locale.ROOT);
    if (!keyword.equals("WITH")) return keyword;
    int depth = 0;
    for (int next = index + 1; next < tokens.size(); next++) {
      String text = tokens.get(next).text();
      if (text.equals("(")) depth++;
      else if (text.equals(")")) depth--;
      else if (depth == 0 && tokens.get(next).identifier() && MAIN_STATEMENTS.contains(text.toUpperCase(Locale.ROOT)))
        return text.toUpperCase(Locale.ROOT);
    }
    return keyword;
  }

  /** Tables named after FROM, JOIN, UPDATE, INTO and TABLE, as written ({@code schema.table} when qualified), unique, in order; CTE names left out. */
  static List<String> tables(List<Token> tokens) {
    Set<String> cteNames = commonTableExpressionNames(tokens);
    Set<String> tables = new LinkedHashSet<>();
    for (int index = 0; index < tokens.size(); index++) {
      Token token = tokens.get(index);
      if (!token.identifier() || token.quoted() || !TABLE_KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT))) continue;
      boolean list = token.is("FROM") || token.is("UPDATE");
      int next = skipWords(tokens, index + 1, "IF", "NOT", "EXISTS", "LOW_PRIORITY", "IGNORE", "TEMPORARY");
      while (next < tokens.size() && tokens.get(next).identifier()) {
        Token name = tokens.get(next);
        if (!name.quoted() && NOT_ALIASES.contains(name.text().toUpperCase(Locale.ROOT))) break;
        String table = name.text();
        next++;
        if (next + 1 < tokens.size() && tokens.get(next).text().equals(".") && tokens.get(next + 1).identifier()) {
          table = table + "." + tokens.get(next + 1).text();
          next += 2;
        }
        boolean qualified = table.contains(".");
        if (qualified || !(cteNames.contains(table.toLowerCase(Locale.ROOT)) || table.equalsIgnoreCase("DUAL"))) tables.add(table);
        if (!list) break;
        if (next < tokens.size() && tokens.get(next).is("AS")) next++;
        if (next < tokens.size() && tokens.get(next).identifier() && (tokens.get(next).quoted()
            || !NOT_ALIASES.contains(tokens.get(next).text().toUpperCase(Locale.ROOT)))) next++;
        if (next < tokens.size() && tokens.get(next).text().equals(",")) next++;
        else break;
      }
      index = Math.max(index, next - 1);
    }
    return new ArrayList<>(tables);
  }

  private static int skipWords(List<Token> tokens, int index, String... words) {
    while (index < tokens.size()) {
      Token token = tokens.get(index);
      boolean skipped = false;
      for (String word : words) skipped |= token.is(word);
      if (!skipped) return index;
      index++;
    }
    return index;
  }

  /** {@code WITH [RECURSIVE] name [(columns)] AS (...), ...}: the names, lower-cased. */
  private static Set<String> commonTableExpressionNames(List<Token> tokens) {
    Set<String> names = new LinkedHashSet<>();
    int depth = 0;
    boolean inWith = false;
    for (int index = 0; index < tokens.size(); index++) {
      Token token = tokens.get(index);
      if (token.text().equals("(")) depth++;
      else if (token.text().equals(")")) depth--;
      if (token.is("WITH")) inWith = true;
      if (!inWith || !token.identifier() || token.is("WITH") || token.is("RECURSIVE")) continue;
      int next = index + 1;
      if (next < tokens.size() && tokens.get(next).text().equals("(")) {
        int inner = 0;
        do {
          if (tokens.get(next).text().equals("(")) inner++;
          else if (tokens.get(next).text().equals(")")) inner--;
          next++;
        } while (next < tokens.size() && inner > 0);
      }
      if (next < tokens.size() && tokens.get(next).is("AS")) names.add(token.text().toLowerCase(Locale.ROOT));
      else if (depth == 0 && MAIN_STATEMENTS.contains(token.text().toUpperCase(Locale.ROOT))) inWith = false;
    }
    return names;
  }

  /** 1-based line and column of a character offset (an offset at the end points just past the last character). */
  static int[] position(String sql, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int index = 0; index < offset && index < sql.length(); index++) {
      if (sql.charAt(index) == '\n') {
        line++;
        lineStart = index + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  /** The offset where 1-based {@code line} starts, or -1 when the SQL has fewer lines. */
  static int lineStart(String sql, int line) {
    int offset = 0;
    for (int current = 1; current < line; current++) {
      int newline = sql.indexOf('\n', offset);
      if (newline < 0) return -1;
      offset = newline + 1;
    }
    return offset;
  }

  /** The word at an offset (letters, digits, underscore), or the one character there. */
  static String tokenAt(String sql, int offset) {
    int end = offset;
    while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) end++;
    return end > offset ? sql.substring(offset, end) : sql.substring(offset, Math.min(sql.length(), offset + 1));
  }

  /** The offset of {@code word} as a whole word (case-insensitive, optionally in backticks), or -1. */
  static int findWord(String sql, String word) {
    if (word.isEmpty()) return -1;
    String lower = sql.toLowerCase(Locale.ROOT);
    String wanted = word.toLowerCase(Locale.ROOT);
    for (int from = lower.indexOf(wanted); from >= 0; from = lower.indexOf(wanted, from + 1)) {
      int end = from + wanted.length();
      boolean startsWord = from == 0 || !isWordChar(lower.charAt(from - 1));
      boolean endsWord = end >= lower.length() || !isWordChar(lower.charAt(end));
      if (startsWord && endsWord) return from > 0 && lower.charAt(from - 1) == '`' ? from - 1 : from;
    }
    return -1;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
