package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.deferlint.corpus.Corpus;
import io.github.deferlint.corpus.CorpusGenerator;
import io.github.deferlint.corpus.Planted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated corpus without Guava's {@code Closer}, for timing checks that know only deferlint's
 * API against today's (bench/compile-overhead.sh --without-closer).
 */
final class CorpusGeneratorTest {
  private static final int FILES = 60;

  @Test
  void withoutCloserNoSourceUsesItAndTheOtherPitfallsStay(@TempDir Path directory)
      throws IOException {
    CorpusGenerator generator = new CorpusGenerator(42, CorpusGenerator.knownChecks());
    Corpus full = generator.write(directory.resolve("full"), FILES);
    Corpus without = generator.withoutCloser().write(directory.resolve("without"), FILES);

    assertThat(full.planted().stream().map(Planted::kind)).contains("closerRegisterInFor");
    for (Path source : without.sources()) {
      assertThat(Files.readString(source, UTF_8)).doesNotContain("Closer.create()");
    }
    assertThat(without.planted().stream().map(Planted::kind).distinct().count()).isGreaterThan(10);
    assertThat(without.planted().stream().map(Planted::kind)).doesNotContain("closerRegisterInFor");
  }
}
