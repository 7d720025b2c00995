package io.github.deferlint.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a corpus of Java sources against the deferral API: classes whose members mix the API's
 * correct idioms ({@link CorrectCode#IDIOMS}), ordinary code ({@link CorrectCode#PLAIN}) and
 * pitfalls ({@link PitfallKinds#ALL}), and records the line and check of each pitfall.
 *
 * <p>The same seed gives the same corpus, and a larger corpus starts with the files of a smaller
 * one. Only the kinds whose check is in the given set are planted, so a test that runs the checks
 * it finds gets exactly the pitfalls they must flag.
 */
public final class CorpusGenerator {
  /** Class members per file: about a fifth pitfalls, half idioms, the rest ordinary code. */
  public static final int MEMBERS_PER_FILE = 16;

  private static final double PITFALL_SHARE = 0.2;
  private static final double IDIOM_SHARE = 0.55;
  private static final int FILES_PER_PACKAGE = 100;
  private static final List<String> WORDS =
      List.of("alpha", "bravo", "cache", "delta", "export", "flush", "gamma", "index", "ledger");

  private final long seed;
  private final List<Snippet> pitfalls;
  private final List<Snippet> idioms;
  private final List<Snippet> plain;

  /**
   * @param seed what makes the corpus reproducible
   * @param checks the checks whose pitfall kinds to plant (by simple name; others are left out)
   */
  public CorpusGenerator(long seed, Set<String> checks) {
    this(
        seed,
        PitfallKinds.ALL.stream()
            .filter(kind -> checks.contains(kind.check().orElseThrow()))
            .collect(Collectors.toList()),
        CorrectCode.IDIOMS,
        CorrectCode.PLAIN);
  }

  private CorpusGenerator(
      long seed, List<Snippet> pitfalls, List<Snippet> idioms, List<Snippet> plain) {
    this.seed = seed;
    this.pitfalls = pitfalls;
    this.idioms = idioms;
    this.plain = plain;
  }

  /**
   * This generator without the snippets that use Guava's {@code Closer}: a corpus of deferlint's
   * own API only, which checks that know no other API (the first round's) see as today's do.
   */
  public CorpusGenerator withoutCloser() {
    return new CorpusGenerator(
        seed, withoutCloser(pitfalls), withoutCloser(idioms), withoutCloser(plain));
  }

  private static List<Snippet> withoutCloser(List<Snippet> snippets) {
    return snippets.stream()
        .filter(snippet -> !snippet.template().contains("Closer"))
        .collect(Collectors.toList());
  }

  /** The checks the generator has pitfall kinds for, present or not. */
  public static Set<String> knownChecks() {
    return PitfallKinds.ALL.stream()
        .map(kind -> kind.check().orElseThrow())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * Writes {@code files} generated classes, {@code corpus/Support.java} and {@code pitfalls.tsv}
   * (file, line, check, kind) under {@code directory}, which must be absent or empty.
   */
  public Corpus write(Path directory, int files) throws IOException {
    if (Files.isDirectory(directory)) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("not empty, will not write a corpus into it: " + directory);
        }
      }
    }
    Path support = directory.resolve("corpus/Support.java");
    Files.createDirectories(support.getParent());
    Files.write(support, supportSource());

    List<Path> sources = new ArrayList<>(List.of(support));
    List<Planted> planted = new ArrayList<>();
    int methods = 0;
    for (int index = 0; index < files; index++) {
      String packageName = "corpus.p" + index / FILES_PER_PACKAGE;
      String className = String.format("Gen%05d", index);
      Path file = directory.resolve(packageName.replace('.', '/')).resolve(className + ".java");
      Files.createDirectories(file.getParent());
      GeneratedClass generated =
          generateClass(packageName, className, new Random(seed * 1_000_003L + index));
      Files.write(file, generated.lines(), UTF_8);
      sources.add(file);
      for (PlantedLine line : generated.plantedLines()) {
        Snippet kind = line.snippet();
        planted.add(new Planted(file, line.line(), kind.check().orElseThrow(), kind.name()));
      }
      methods += generated.methods();
    }
    Files.write(
        directory.resolve("pitfalls.tsv"),
        planted.stream().map(p -> tsvRow(directory, p)).collect(Collectors.toList()),
        UTF_8);
    return new Corpus(directory, List.copyOf(sources), List.copyOf(planted), methods);
  }

  private static String tsvRow(Path directory, Planted planted) {
    return String.join(
        "\t",
        directory.relativize(planted.file()).toString(),
        String.valueOf(planted.line()),
        planted.check(),
        planted.kind());
  }

  private record PlantedLine(int line, Snippet snippet) {}

  private record GeneratedClass(List<String> lines, List<PlantedLine> plantedLines, int methods) {}

  private GeneratedClass generateClass(String packageName, String className, Random random) {
    List<String> lines = new ArrayList<>(header(packageName, className));
    List<PlantedLine> planted = new ArrayList<>();
    int methods = 1; // flush()
    for (int slot = 0; slot < MEMBERS_PER_FILE; slot++) {
      Snippet snippet = pick(random);
      String name = snippet.name() + slot;
      lines.add("");
      for (String line : expand(snippet, name, random)) {
        if (line.contains(Snippet.MARKER)) {
          line = line.replace(Snippet.MARKER, "");
          planted.add(new PlantedLine(lines.size() + 1, snippet));
        }
        if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith("{")) {
          methods++; // A member declaration: templates start them at column 0.
        }
        lines.add(line.isEmpty() ? line : "  " + line);
      }
    }
    lines.add("}");
    return new GeneratedClass(lines, planted, methods);
  }

  private Snippet pick(Random random) {
    double draw = random.nextDouble();
    if (draw < PITFALL_SHARE && !pitfalls.isEmpty()) {
      return pitfalls.get(random.nextInt(pitfalls.size()));
    }
    List<Snippet> correct = draw < PITFALL_SHARE + IDIOM_SHARE ? idioms : plain;
    return correct.get(random.nextInt(correct.size()));
  }

  /** The snippet's lines with its placeholders filled in, fillers included. */
  private static List<String> expand(Snippet snippet, String name, Random random) {
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    String text =
        fillValues(snippet.template(), random).replace("${m}", name).replace("${M}", capitalized);
    List<String> lines = new ArrayList<>();
    int fillers = 0;
    for (String line : text.split("\n", -1)) {
      if (line.strip().equals("${filler}")) {
        String indent = line.substring(0, line.indexOf('$'));
        String filler =
            fillValues(CorrectCode.FILLERS.get(random.nextInt(CorrectCode.FILLERS.size())), random)
                .replace("${u}", String.valueOf(fillers++));
        filler.lines().forEach(fillerLine -> lines.add(indent + fillerLine));
      } else {
        lines.add(line);
      }
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String fillValues(String template, Random random) {
    return template
        .replace("${n}", String.valueOf(2 + random.nextInt(40)))
        .replace("${k}", String.valueOf(2 + random.nextInt(9)))
        .replace("${s}", WORDS.get(random.nextInt(WORDS.size())));
  }

  private List<String> header(String packageName, String className) {
    return List.of(
        "package " + packageName + ";",
        "",
        "import com.google.common.io.Closer;",
        "import corpus.Support;",
        "import io.github.deferlint.defer.Defer;",
        "import io.github.deferlint.defer.Scope;",
        "import java.io.IOException;",
        "import java.time.Duration;",
        "import java.time.Instant;",
        "import java.util.ArrayList;",
        "import java.util.Iterator;",
        "import java.util.List;",
        "import java.util.concurrent.BlockingQueue;",
        "import java.util.stream.Collectors;",
        "",
        "/** Generated by deferlint-corpus (seed "
            + seed
            + "): correct code and planted pitfalls. */",
        "@SuppressWarnings(\"unused\")",
        "final class " + className + " {",
        "  private final Support.Tasks tasks = new Support.Tasks();",
        "  private Support.Conn current = Support.connect(\"current\");",
        "  private int total;",
        "",
        "  private void flush() {",
        "    tasks.runAll();",
        "  }");
  }

  private static List<String> supportSource() {
    try (InputStream in = CorpusGenerator.class.getResourceAsStream("Support.java")) {
      if (in == null) {
        throw new IllegalStateException("Support.java is missing from deferlint-corpus");
      }
      return new String(in.readAllBytes(), UTF_8).lines().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
