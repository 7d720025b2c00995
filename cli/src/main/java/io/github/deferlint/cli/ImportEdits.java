package io.github.deferlint.cli;

import com.google.common.base.Splitter;
import com.google.errorprone.fixes.ErrorProneEndPosTable;
import com.google.errorprone.fixes.Replacement;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.JCTree.JCCompilationUnit;
import com.sun.tools.javac.tree.JCTree.JCImport;
import com.sun.tools.javac.tree.TreeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The imports that fixes add and remove, as edits of their own lines: an added import goes where it
 * sorts among the file's imports that share the most of its name, a removed one loses its line, and
 * the rest of the import block stays as the project wrote it (its groups, order and blank lines).
 * Reordering the whole block the way one style guide wants would change lines no fix meant to
 * touch.
 */
final class ImportEdits {
  private static final Splitter DOTS = Splitter.on('.');

  private ImportEdits() {}

  /** The class an import names, as Error Prone's fixes write it: {@code a.B} for both forms. */
  static String importedClass(String declaration) {
    Name imported = Name.parse(declaration);
    return imported.isStatic()
        ? imported.name().substring(0, Math.max(0, imported.name().lastIndexOf('.')))
        : imported.name();
  }

  /** An import as Error Prone's fixes name it: {@code import a.B}, {@code import static a.B.m}. */
  private record Name(boolean isStatic, String name) implements Comparable<Name> {
    static Name parse(String declaration) {
      String imported = declaration.strip();
      imported = imported.startsWith("import ") ? imported.substring("import ".length()) : imported;
      imported = imported.strip();
      boolean isStatic = imported.startsWith("static ");
      return new Name(
          isStatic, isStatic ? imported.substring("static ".length()).strip() : imported);
    }

    String line() {
      return "import " + (isStatic ? "static " : "") + name + ";\n";
    }

    /** How many leading dot-separated parts the two names share. */
    int sharedParts(Name other) {
      List<String> mine = DOTS.splitToList(name);
      List<String> theirs = DOTS.splitToList(other.name);
      int shared = 0;
      while (shared < mine.size()
          && shared < theirs.size()
          && mine.get(shared).equals(theirs.get(shared))) {
        shared++;
      }
      return shared;
    }

    @Override
    public int compareTo(Name other) {
      return name.compareTo(other.name);
    }
  }

  /** An import of the file, and where its line starts and where the next one does. */
  private record Line(Name name, int start, int next) {}

  /**
   * The edits that add {@code toAdd} and remove {@code toRemove} in {@code text}, the source of
   * {@code unit}; empty where the file has no import of the same kind (static or not) to place an
   * added one by, for the caller to rewrite the block instead.
   */
  static Optional<List<Replacement>> of(
      JCCompilationUnit unit,
      ErrorProneEndPosTable endPositions,
      String text,
      Set<String> toAdd,
      Set<String> toRemove) {
    List<Line> lines = new ArrayList<>();
    for (JCTree tree : unit.getImports()) {
      if (tree instanceof JCImport imported) {
        int start = text.lastIndexOf('\n', TreeInfo.getStartPos(imported) - 1) + 1;
        int end = endPositions.getEndPosition(imported);
        int lineEnd = text.indexOf('\n', end);
        lines.add(
            new Line(
                new Name(imported.isStatic(), imported.getQualifiedIdentifier().toString()),
                start,
                lineEnd < 0 ? text.length() : lineEnd + 1));
      }
    }
    List<Replacement> edits = new ArrayList<>();
    Map<Integer, Set<Name>> added = new TreeMap<>();
    for (String declaration : toAdd) {
      Name name = Name.parse(declaration);
      if (lines.stream().anyMatch(line -> line.name().equals(name))) {
        continue;
      }
      Optional<Integer> at = placeOf(name, lines);
      if (at.isEmpty()) {
        return Optional.empty();
      }
      added.computeIfAbsent(at.get(), unused -> new TreeSet<>()).add(name);
    }
    added.forEach(
        (at, names) -> {
          StringBuilder inserted = new StringBuilder();
          names.forEach(name -> inserted.append(name.line()));
          edits.add(Replacement.create(at, at, inserted.toString()));
        });
    for (String declaration : toRemove) {
      Name name = Name.parse(declaration);
      lines.stream()
          .filter(line -> line.name().equals(name))
          .forEach(line -> edits.add(Replacement.create(line.start(), line.next(), "")));
    }
    return Optional.of(edits);
  }

  /**
   * Where {@code name}'s line goes: before the first import of its kind that shares the most parts
   * of its name and sorts after it, else after the last of those.
   */
  private static Optional<Integer> placeOf(Name name, List<Line> lines) {
    List<Line> sameKind =
        lines.stream().filter(line -> line.name().isStatic() == name.isStatic()).toList();
    int most = sameKind.stream().mapToInt(line -> line.name().sharedParts(name)).max().orElse(-1);
    if (most < 0) {
      return Optional.empty();
    }
    List<Line> nearest =
        sameKind.stream().filter(line -> line.name().sharedParts(name) == most).toList();
    return Optional.of(
        nearest.stream()
            .filter(line -> line.name().compareTo(name) > 0)
            .findFirst()
            .map(Line::start)
            .orElse(nearest.get(nearest.size() - 1).next()));
  }
}
