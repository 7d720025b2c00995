package io.github.deferlint.cli;

import com.google.errorprone.apply.ImportOrganizer;
import com.google.errorprone.apply.ImportStatements;
import com.google.errorprone.fixes.ErrorProneEndPosTable;
import com.google.errorprone.fixes.Fix;
import com.google.errorprone.fixes.Replacement;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.tree.JCTree.JCCompilationUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.util.Elements;

/**
 * The fixes of one compilation unit's findings, for {@code --fix}: each finding's first fix (Error
 * Prone's suggested one), taken whole or not at all. A fix whose edits overlap or touch those of a
 * fix taken before is left out: the two have no order that is surely right, and the finding stays
 * for the next run. Imports the fixes add or remove get lines of their own where they sort among
 * the file's imports ({@link ImportEdits}); the rest of the block stays as it is. A fix that
 * imports a class the unit's class path lacks is left out too.
 */
final class UnitFixes {
  private static final Pattern BARE_LINE_FEED = Pattern.compile("(?<!\r)\n");

  private final JCCompilationUnit unit;
  private final Elements elements;
  private final ErrorProneEndPosTable endPositions;
  private final List<Replacement> edits = new ArrayList<>();
  private final Set<String> importsToAdd = new LinkedHashSet<>();
  private final Set<String> importsToRemove = new LinkedHashSet<>();

  /**
   * @param elements the types the unit was compiled against: a fix that imports one they lack
   *     (Error Prone's {@code @MustBeClosed}, in a project without error_prone_annotations) is not
   *     taken, as it would not compile in the project's build
   */
  UnitFixes(CompilationUnitTree unit, Elements elements) {
    this.unit = (JCCompilationUnit) unit;
    this.elements = elements;
    this.endPositions = ErrorProneEndPosTable.create(unit);
  }

  /** Takes the finding's fix, if it has one that fits with those taken. */
  void offer(Description finding) {
    if (finding.fixes.isEmpty()) {
      return;
    }
    Fix fix = finding.fixes.get(0);
    Set<Replacement> replacements;
    try {
      replacements = fix.getReplacements(endPositions);
    } catch (IllegalArgumentException e) {
      // A fix pointing outside the source: leave it, and its finding, alone.
      return;
    }
    if (replacements.stream().anyMatch(this::touchesTaken)
        || !fix.getImportsToAdd().stream().allMatch(this::canImport)) {
      return;
    }
    edits.addAll(replacements);
    importsToAdd.addAll(fix.getImportsToAdd());
    importsToRemove.addAll(fix.getImportsToRemove());
  }

  /** The unit's {@code text} with the fixes taken, unless they change nothing. */
  Optional<String> applyTo(String text) {
    List<Replacement> all = new ArrayList<>(edits);
    if (!importsToAdd.isEmpty() || !importsToRemove.isEmpty()) {
      List<Replacement> imports =
          ImportEdits.of(unit, endPositions, text, importsToAdd, importsToRemove)
              .orElseGet(this::wholeImportBlock);
      if (imports.stream().anyMatch(i -> edits.stream().anyMatch(edit -> overlap(edit, i)))) {
        // A fix that edits an import line and one that adds imports: none of them is safe.
        return Optional.empty();
      }
      all.addAll(imports);
    }
    // From the end, so that each edit leaves the positions of those still to come; at one
    // position, a replacement before an insertion there, so that the insertion lands in front of
    // it as the fix means (Defer.call(scope -> into Defer.named(0, (scope, result) ->).
    all.sort(
        Comparator.comparingInt(Replacement::startPosition)
            .thenComparingInt(Replacement::endPosition)
            .reversed());
    boolean crlf = endsLinesWithCrLf(text);
    StringBuilder fixed = new StringBuilder(text);
    for (Replacement edit : all) {
      String replacement = keepingIndentation(edit, text);
      fixed.replace(
          edit.startPosition(),
          edit.endPosition(),
          crlf ? BARE_LINE_FEED.matcher(replacement).replaceAll("\r\n") : replacement);
    }
    return fixed.toString().equals(text) ? Optional.empty() : Optional.of(fixed.toString());
  }

  /**
   * Whether the file's first line ends in {@code \r\n}: then so do the lines a fix writes (Error
   * Prone's and the checks' fixes break lines with {@code \n}), not to leave a file of mixed line
   * ends.
   */
  private static boolean endsLinesWithCrLf(String text) {
    int lineFeed = text.indexOf('\n');
    return lineFeed > 0 && text.charAt(lineFeed - 1) == '\r';
  }

  /**
   * What {@code edit} writes, indented to keep the code after it where it was: a line inserted in
   * front of a line's code, such as Error Prone's {@code @MustBeClosed} on a method, ends in a line
   * break and would leave that code at column 0.
   */
  private static String keepingIndentation(Replacement edit, String text) {
    String inserted = edit.replaceWith();
    int start = edit.startPosition();
    if (start != edit.endPosition() || !inserted.endsWith("\n")) {
      return inserted;
    }
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    String indentation = text.substring(lineStart, start);
    return indentation.isBlank() ? inserted + indentation : inserted;
  }

  /**
   * Whether the class an import names ({@code import a.B}, {@code import static a.B.m}) is there.
   */
  private boolean canImport(String declaration) {
    return elements.getTypeElement(ImportEdits.importedClass(declaration)) != null;
  }

  /**
   * The import block with the imports added and removed, ordered as Google's style does: for a file
   * with no import of the kind to add by which to place it.
   */
  private List<Replacement> wholeImportBlock() {
    ImportStatements imports =
        ImportStatements.create(unit, ImportOrganizer.STATIC_FIRST_ORGANIZER);
    imports.addAll(importsToAdd);
    imports.removeAll(importsToRemove);
    return imports.importsHaveChanged()
        ? List.of(
            Replacement.create(imports.getStartPos(), imports.getEndPos(), imports.toString()))
        : List.of();
  }

  private boolean touchesTaken(Replacement replacement) {
    return edits.stream()
        .anyMatch(
            taken ->
                replacement.startPosition() <= taken.endPosition()
                    && taken.startPosition() <= replacement.endPosition());
  }

  private static boolean overlap(Replacement a, Replacement b) {
    return a.startPosition() < b.endPosition() && b.startPosition() < a.endPosition();
  }
}
