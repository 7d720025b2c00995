package io.github.deferlint.corpus;

import java.util.Optional;

/**
 * A template for one or two class members of the generated code: a method, or a method and its
 * helper. Members start at column 0 and indent by two spaces.
 *
 * <p>Placeholders: {@code ${m}} the member's unique name, {@code ${M}} the same capitalized (for
 * helpers: {@code report${M}}); {@code ${n}} and {@code ${k}} small numbers; {@code ${s}} a word;
 * {@code ${filler}}, alone on a line, a few statements of ordinary code (or none). In a pitfall,
 * the line a check must flag starts with the {@link #MARKER} comment, which the generator removes.
 *
 * @param name what the snippet shows, used in member names
 * @param check the check that must flag the marked line; empty for correct code
 * @param template the source text
 */
public record Snippet(String name, Optional<String> check, String template) {
  /** Marks the line a pitfall's check must flag. */
  static final String MARKER = "/*!*/";

  /** Code that no check may flag. */
  static Snippet correct(String name, String template) {
    return new Snippet(name, Optional.empty(), template);
  }

  /** Code with exactly one marked line, which {@code check} must flag. */
  static Snippet pitfall(String name, String check, String template) {
    int markers = template.split(java.util.regex.Pattern.quote(MARKER), -1).length - 1;
    if (markers != 1) {
      throw new IllegalArgumentException(
          name + ": a pitfall needs one marked line, not " + markers);
    }
    return new Snippet(name, Optional.of(check), template);
  }
}
