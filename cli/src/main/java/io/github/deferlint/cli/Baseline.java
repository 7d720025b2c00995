package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Known findings, to be ignored so that only new ones fail the build. A finding is known when the
 * baseline lists its file, its check and the fingerprint of its line's text: not its line number,
 * so edits elsewhere in the file do not turn known findings into new ones. A line listed once
 * covers one finding of that check on such a line (two identical lines need two entries).
 */
final class Baseline {
  private static final String FORMAT_KEY = "deferlintBaseline";
  private static final int FORMAT = 1;

  private record Key(String file, String check, String fingerprint) {
    static Key of(Finding finding) {
      return new Key(finding.displayPath(), finding.check(), finding.fingerprint());
    }
  }

  /** The findings that the baseline does not know, and how many it did. */
  record Split(List<Finding> newFindings, int known) {}

  private final Map<Key, Integer> counts;

  private Baseline(Map<Key, Integer> counts) {
    this.counts = counts;
  }

  /** The fingerprint of a finding's line: a hash of its text without any whitespace. */
  static String fingerprint(String sourceLine) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(sourceLine.replaceAll("\\s+", "").getBytes(UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Reads a baseline written by {@link #write}; {@code shownAs} names the file in messages.
   *
   * @throws UsageException if the file is missing or is not a baseline
   */
  static Baseline read(Path file, String shownAs) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("baseline file not found: " + shownAs);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file);
    } catch (JacksonException e) {
      throw new UsageException(
          "baseline " + shownAs + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path(FORMAT_KEY).isInt() || !root.path("findings").isArray()) {
      throw new UsageException(
          "baseline " + shownAs + " is not a deferlint baseline (write one with --write-baseline)");
    }
    if (root.get(FORMAT_KEY).intValue() != FORMAT) {
      throw new UsageException(
          "baseline "
              + shownAs
              + " has format "
              + root.get(FORMAT_KEY)
              + ", this runner reads "
              + FORMAT);
    }
    Map<Key, Integer> counts = new HashMap<>();
    for (JsonNode entry : root.get("findings").values()) {
      String entryFile = entry.path("file").asString("");
      String check = entry.path("check").asString("");
      String fingerprint = entry.path("fingerprint").asString("");
      if (entryFile.isEmpty() || check.isEmpty() || fingerprint.isEmpty()) {
        throw new UsageException(
            "baseline " + shownAs + " has an entry without file, check or fingerprint: " + entry);
      }
      counts.merge(new Key(entryFile, check, fingerprint), 1, Integer::sum);
    }
    return new Baseline(counts);
  }

  /** Separates the findings this baseline knows from the new ones. */
  Split split(List<Finding> findings) {
    Map<Key, Integer> left = new HashMap<>(counts);
    List<Finding> newFindings = new ArrayList<>();
    int known = 0;
    for (Finding finding : findings) {
      Key key = Key.of(finding);
      int remaining = left.getOrDefault(key, 0);
      if (remaining > 0) {
        left.put(key, remaining - 1);
        known++;
      } else {
        newFindings.add(finding);
      }
    }
    return new Split(newFindings, known);
  }

  /** Writes {@code findings} (in source order) as a baseline; {@code shownAs} names the file. */
  static void write(Path file, String shownAs, List<Finding> findings) {
    ObjectNode root = Json.object();
    root.put(FORMAT_KEY, FORMAT);
    ArrayNode entries = root.putArray("findings");
    for (Finding finding : findings) {
      entries
          .addObject()
          .put("file", finding.displayPath())
          .put("check", finding.check())
          .put("fingerprint", finding.fingerprint())
          .put("source", finding.sourceLine().strip());
    }
    Output.write(file, Json.write(root), shownAs, "baseline");
  }
}
