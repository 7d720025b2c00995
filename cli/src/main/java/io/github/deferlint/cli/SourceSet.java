package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

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
   * A type declared at the start of a line, as top-level types are written (nested ones are
   * indented): its name. Reading a nested type as top-level costs a file compiled more than once,
   * never a finding.
   */
  private static final Pattern TYPE_AT_LINE_START =
      Pattern.compile(
          "^(?:@"
              + IDENTIFIER
              + "\\s+)*(?:(?:public|protected|private|abstract|final|static|strictfp|sealed"
              + "|non-sealed)\\s+)*(?:class|interface|enum|record|@interface)\\s+("
              + IDENTIFIER
              + ")",
          Pattern.MULTILINE);

  /**
   * A Java file to lint.
   *
   * @param qualifiedName the file's name qualified by its package ({@code a.b.Foo} for {@code
   *     a/b/Foo.java}): two files with the same one cannot be compiled together
   */
  record SourceFile(Path path, String qualifiedName) {}

  private final List<SourceFile> files;
  private final List<Path> roots;
  private final List<SourceFile> sharingTypes;

  private SourceSet(List<SourceFile> files, List<Path> roots, List<SourceFile> sharingTypes) {
    this.files = List.copyOf(files);
    this.roots = List.copyOf(roots);
    this.sharingTypes = List.copyOf(sharingTypes);
  }

  List<SourceFile> files() {
    return files;
  }

  /** The directories that hold the files' packages, in the order the files were found. */
  List<Path> roots() {
    return roots;
  }

  /**
   * The files that declare a top-level type of another name than their own ({@code class
   * ReadRequest} beside {@code IORequest} in {@code IORequest.java}): javac finds such a type on
   * the source roots only once the file is compiled, so every batch compiles them too.
   */
  List<SourceFile> sharingTypes() {
    return sharingTypes;
  }

  /** The same roots, with only those of the files that are in {@code paths}. */
  SourceSet only(Set<Path> paths) {
    return new SourceSet(
        files.stream().filter(file -> paths.contains(file.path())).toList(), roots, sharingTypes);
  }

  /**
   * Finds the {@code .java} files under {@code arguments} (files or directories, relative to {@code
   * workingDirectory}); hidden directories and {@code module-info.java} are skipped.
   *
   * @param encoding what the files are written in; each is read whole to check it
   * @param displayPath how messages name a file
   * @throws UsageException for a missing path, a directory without Java files, a file that is not
   *     Java source or not in {@code encoding}
   */
  static SourceSet find(
      Path workingDirectory,
      List<String> arguments,
      Charset encoding,
      Function<Path, String> displayPath) {
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
    List<SourceFile> sharingTypes = new ArrayList<>();
    filesByRealPath.values().stream()
        .sorted()
        .forEach(
            file -> {
              String source = read(file, encoding, displayPath.apply(file));
              String packageName = packageOf(source);
              String simpleName = file.getFileName().toString().replaceFirst("\\.java$", "");
              SourceFile sourceFile =
                  new SourceFile(
                      file, packageName.isEmpty() ? simpleName : packageName + "." + simpleName);
              files.add(sourceFile);
              if (declaresTypeOtherThan(simpleName, source)) {
                sharingTypes.add(sourceFile);
              }
              Path root = rootOf(file, packageName);
              if (root != null) {
                roots.add(root);
              }
            });
    return new SourceSet(files, new ArrayList<>(roots), sharingTypes);
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

  private static String read(Path file, Charset encoding, String shownAs) {
    ByteBuffer bytes;
    try {
      bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UsageException("cannot read " + shownAs, e);
    }
    CharsetDecoder decoder = encoding.newDecoder();
    CharBuffer text =
        CharBuffer.allocate(
            (int) Math.ceil(bytes.remaining() * (double) decoder.maxCharsPerByte()));
    CoderResult result = decoder.decode(bytes, text, true);
    if (!result.isError()) {
      result = decoder.flush(text);
    }
    if (result.isError()) {
      throw new UsageException(notInEncoding(shownAs, text.flip(), bytes, result, encoding));
    }
    return text.flip().toString();
  }

  /**
   * {@code src/A.java:4:21: not UTF-8 (byte E9): ...}, at the first character that cannot be
   * decoded, given what was decoded before it.
   */
  private static String notInEncoding(
      String shownAs, CharBuffer before, ByteBuffer bytes, CoderResult result, Charset encoding) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < before.length(); i++) {
      if (before.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    StringBuilder culprit = new StringBuilder();
    for (int i = 0; i < result.length(); i++) {
      culprit.append(i == 0 ? "" : " ").append("%02X".formatted(bytes.get(bytes.position() + i)));
    }
    return "%s:%d:%d: not %s (byte%s %s): %s"
        .formatted(
            shownAs,
            line,
            before.length() - lineStart + 1,
            encoding.name(),
            result.length() == 1 ? "" : "s",
            culprit,
            encoding.equals(UTF_8)
                ? "give the sources' encoding with --encoding, e.g. --encoding ISO-8859-1"
                : "is --encoding " + encoding.name() + " the sources' encoding?");
  }

  /** Whether {@code source} declares a top-level type not named {@code simpleName}. */
  static boolean declaresTypeOtherThan(String simpleName, String source) {
    Matcher type = TYPE_AT_LINE_START.matcher(source);
    while (type.find()) {
      if (!type.group(1).equals(simpleName)) {
        return true;
      }
    }
    return false;
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
  private static @Nullable Path rootOf(Path file, String packageName) {
    Path directory = file.toAbsolutePath().getParent();
    if (directory == null || packageName.isEmpty()) {
      return directory;
    }
    Path packagePath = Path.of("", packageName.split("\\."));
    if (!directory.endsWith(packagePath)) {
      return null;
    }
    Path root = directory;
    for (int i = 0; i < packagePath.getNameCount() && root != null; i++) {
      root = root.getParent();
    }
    return root;
  }
}
