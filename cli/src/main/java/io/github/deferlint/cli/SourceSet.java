package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java files named on the command line, and the source roots their package declarations imply:
 * javac finds the classes a file refers to there, whichever batch they are compiled in.
 */
final class SourceSet {
  private static final String IDENTIFIER =
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern PACKAGE =
      Pattern.compile(
          "(?:^|[\\s)])package\\s+(" + IDENTIFIER + "(?:\\s*\\.\\s*" + IDENTIFIER + ")*)\\s*$");
  private static final String MODULE_DESCRIPTOR = "module-info.java";

  /**
   * A Java file to lint.
   *
   * @param qualifiedName the file's name qualified by its package ({@code a.b.Foo} for {@code
   *     a/b/Foo.java}): two files with the same one cannot be compiled together
   */
  record SourceFile(Path path, String qualifiedName) {}

  private final List<SourceFile> files;
  private final List<Path> roots;

  private SourceSet(List<SourceFile> files, List<Path> roots) {
    this.files = List.copyOf(files);
    this.roots = List.copyOf(roots);
  }

  List<SourceFile> files() {
    return files;
  }

  /** The directories that hold the files' packages, in the order the files were found. */
  List<Path> roots() {
    return roots;
  }

  /**
   * Finds the {@code .java} files under {@code arguments} (files or directories, relative to {@code
   * workingDirectory}); hidden directories and {@code module-info.java} are skipped.
   *
   * @throws UsageException for a missing path, a directory without Java files or a file that is not
   *     Java source
   */
  static SourceSet find(Path workingDirectory, List<String> arguments) {
    Map<Path, Path> filesByRealPath = new LinkedHashMap<>();
    for (String argument : arguments) {
      Path path = workingDirectory.resolve(argument).normalize();
      List<Path> found = javaFilesAt(path, argument);
      for (Path file : found) {
        filesByRealPath.putIfAbsent(realPath(file), file);
      }
    }
    List<SourceFile> files = new ArrayList<>();
    Set<Path> roots = new LinkedHashSet<>();
    filesByRealPath.values().stream()
        .sorted()
        .forEach(
            file -> {
              String packageName = packageOf(read(file));
              String simpleName = file.getFileName().toString().replaceFirst("\\.java$", "");
              files.add(
                  new SourceFile(
                      file, packageName.isEmpty() ? simpleName : packageName + "." + simpleName));
              Path root = rootOf(file, packageName);
              if (root != null) {
                roots.add(root);
              }
            });
    return new SourceSet(files, new ArrayList<>(roots));
  }

  private static List<Path> javaFilesAt(Path path, String argument) {
    if (!Files.exists(path)) {
      throw new UsageException("no such file or directory: " + argument);
    }
    if (Files.isDirectory(path)) {
      List<Path> found = walk(path, argument);
      if (found.isEmpty()) {
        throw new UsageException("no .java files under " + argument);
      }
      return found;
    }
    String name = path.getFileName().toString();
    if (!name.endsWith(".java") || !Files.isRegularFile(path)) {
      throw new UsageException("not a Java source file: " + argument);
    }
    if (name.equals(MODULE_DESCRIPTOR)) {
      throw new UsageException(
          "module descriptors are not linted, give the module's source files instead: " + argument);
    }
    if (!Files.isReadable(path)) {
      throw new UsageException("cannot read " + argument);
    }
    return List.of(path);
  }

  private static List<Path> walk(Path directory, String argument) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        // Links to directories are not followed: they could loop.
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          if (!name.startsWith(".")) {
            found.addAll(walk(entry, argument));
          }
        } else if (name.endsWith(".java")
            && !name.equals(MODULE_DESCRIPTOR)
            && Files.isRegularFile(entry)) {
          found.add(entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException(
          "cannot read directory " + directory + " (under " + argument + ")", e);
    }
    return found;
  }

  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      throw new UsageException("cannot read " + file, e);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file, e);
    }
  }

  /**
   * The package a compilation unit declares, or "" for the unnamed package: the text before the
   * first semicolon, comments and string literals (in annotations) blanked out.
   */
  static String packageOf(String source) {
    StringBuilder header = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
      if (c == '/' && next == '/') {
        i = indexOrEnd(source, "\n", i + 2);
        header.append(' ');
      } else if (c == '/' && next == '*') {
        i = indexOrEnd(source, "*/", i + 2) + 2;
        header.append(' ');
      } else if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i);
        header.append(' ');
      } else if (c == ';' || c == '{') {
        break;
      } else {
        header.append(c);
        i++;
      }
    }
    Matcher matcher = PACKAGE.matcher(header);
    return matcher.find() ? matcher.group(1).replaceAll("\\s", "") : "";
  }

  private static int indexOrEnd(String source, String target, int from) {
    int index = source.indexOf(target, from);
    return index < 0 ? source.length() : index;
  }

  private static int endOfLiteral(String source, int start) {
    char quote = source.charAt(start);
    int i = start + 1;
    while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  /** The directory holding {@code packageName}'s directories, if {@code file} sits in them. */
  private static Path rootOf(Path file, String packageName) {
    Path directory = file.toAbsolutePath().getParent();
    if (packageName.isEmpty()) {
      return directory;
    }
    Path packagePath = Path.of("", packageName.split("\\."));
    if (!directory.endsWith(packagePath)) {
      return null;
    }
    Path root = directory;
    for (int i = 0; i < packagePath.getNameCount(); i++) {
      root = root.getParent();
    }
    return root;
  }
}
