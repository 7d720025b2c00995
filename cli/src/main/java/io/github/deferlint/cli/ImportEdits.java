package io.github.deferlint.cli;

import com.google.common.base.Splitter;
import com.google.errorprone.fixes.ErrorProneEndPosTable;
import com.google.errorprone.fixes.Replacement;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.tree.JCTree.JCCompilationUnit;
import com.sun.tools.javac.tree.JCTree.JCImport;
import com.sun.tools.javac.tree.TreeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

  /**
   * An import of the file, and where its line starts and where the next one does. An import that
   * shares its line with other code ({@code package p; import a.B;}, the end of a comment, {@code
   * import a.B; class C {}}) is only its own text: edits of its line would move that code.
   */
  private record Line(Name name, int start, int next, boolean endsItsLine) {
    /** What puts {@code lines}, ending in a line break, on lines of their own after this one. */
    String after(String lines) {
      return endsItsLine ? lines : "\n" + lines.substring(0, lines.length() - 1);
    }
  }

  /**
   * The edits that add {@code toAdd} and remove {@code toRemove} in {@code text}, the source of
   * {@code unit}; empty where the file has no import at all, for the caller to write the block.
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
        int start = TreeInfo.getStartPos(imported);
        int end = endPositions.getEndPosition(imported);
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = text.indexOf('\n', end);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd + 1;
        String rest = text.substring(end, lineEnd).strip();
        boolean endsItsLine = rest.isEmpty() || rest.startsWith("//");
        lines.add(
            new Line(
                new Name(imported.isStatic(), imported.getQualifiedIdentifier().toString()),
                text.substring(lineStart, start).isBlank() ? lineStart : start,
                endsItsLine ? lineEnd : end,
                endsItsLine));
      }
    }
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    List<Replacement> edits = new ArrayList<>();
    Map<Integer, Set<Name>> before = new TreeMap<>();
    Map<Line, Set<Name>> after = new LinkedHashMap<>();
    Set<Name> newGroup = new TreeSet<>();
    for (String declaration : toAdd) {
      Name name = Name.parse(declaration);
      if (lines.stream().anyMatch(line -> line.name().equals(name))) {
        continue;
      }
      List<Line> nearest = nearest(name, lines);
      if (nearest.isEmpty()) {
        newGroup.add(name);
        continue;
      }
      Optional<Line> next =
          nearest.stream().filter(line -> line.name().compareTo(name) > 0).findFirst();
      if (next.isPresent()) {
        before.computeIfAbsent(next.get().start(), unused -> new TreeSet<>()).add(name);
      } else {
        after.computeIfAbsent(nearest.get(nearest.size() - 1), unused -> new TreeSet<>()).add(name);
      }
    }
    before.forEach((at, names) -> edits.add(Replacement.create(at, at, joined(names))));
    // The other kind's first imports go in a group of their own after the block, which keeps the
    // lines of the block where they are, whichever kind a style puts first.
    Line last = lines.get(lines.size() - 1);
    if (!newGroup.isEmpty()) {
      after.computeIfAbsent(last, unused -> new TreeSet<>());
    }
    after.forEach(
        (line, names) -> {
          String added = joined(names);
          if (line.equals(last) && !newGroup.isEmpty()) {
            added += "\n" + joined(newGroup);
          }
          edits.add(Replacement.create(line.next(), line.next(), line.after(added)));
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
   * The imports of {@code name}'s kind that share the most parts of its name, in the file's order:
   * its line goes before the first of them that sorts after it, else after the last. Empty where
   * the file has no import of its kind.
   */
  private static List<Line> nearest(Name name, List<Line> lines) {
    List<Line> sameKind =
        lines.stream().filter(line -> line.name().isStatic() == name.isStatic()).toList();
    int most = sameKind.stream().mapToInt(line -> line.name().sharedParts(name)).max().orElse(-1);
    return sameKind.stream().filter(line -> line.name().sharedParts(name) == most).toList();
  }

  private static String joined(Set<Name> names) {
    StringBuilder lines = new StringBuilder();
    names.forEach(name -> lines.append(name.line()));
    return lines.toString();
  }
}
