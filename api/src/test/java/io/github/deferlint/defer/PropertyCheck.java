package io.github.deferlint.defer;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A property checked under plain JUnit 5: first on every small sample, then on random ones drawn
 * from a seed. A failing sample is shrunk to a simplest one that still fails, and the report names
 * the try, the seed that repeats the run, the sample as drawn and as shrunk, and the failure.
 *
 * <p>Each run draws a new seed, so that runs explore different samples; {@code -Ddeferlint.seed=N}
 * (on the Maven command line too) repeats the run that printed N.
 *
 * @param <T> the samples; their {@code toString()} is what a failure report shows
 */
final class PropertyCheck<T> {
  static final String SEED_PROPERTY = "deferlint.seed";

  /** Enough for any sample this project draws; a shrink that takes longer is a bug here. */
  private static final int MAX_SHRINK_STEPS = 10_000;

  private final List<T> smallSamples;
  private final int randomTries;
  private final Function<SplittableRandom, T> generator;
  private final Function<T, List<T>> simplerThan;

  /**
   * @param smallSamples tried first, in order: typically every sample up to a small size
   * @param randomTries how many samples to draw after them
   * @param generator draws one sample
   * @param simplerThan the samples one step simpler than a given one, most promising first
   */
  PropertyCheck(
      List<T> smallSamples,
      int randomTries,
      Function<SplittableRandom, T> generator,
      Function<T, List<T>> simplerThan) {
    this.smallSamples = smallSamples;
    this.randomTries = randomTries;
    this.generator = generator;
    this.simplerThan = simplerThan;
  }

  /** How many samples {@link #forAll} tries when the property holds. */
  int tries() {
    return smallSamples.size() + randomTries;
  }

  /**
   * Checks {@code property} (which fails by throwing, typically an assertion) on every sample.
   *
   * @throws AssertionError reporting the first failing sample, shrunk, with the failure as cause
   */
  void forAll(Consumer<T> property) {
    Long fixed = Long.getLong(SEED_PROPERTY);
    long seed = fixed != null ? fixed : ThreadLocalRandom.current().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < tries(); i++) {
      T sample = i < smallSamples.size() ? smallSamples.get(i) : generator.apply(random);
      Throwable failure = failureOf(property, sample);
      if (failure != null) {
        throw report(property, i + 1, seed, sample, failure);
      }
    }
  }

  private AssertionError report(
      Consumer<T> property, int failingTry, long seed, T sample, Throwable failure) {
    T shrunk = sample;
    Throwable shrunkFailure = failure;
    int steps = 0;
    boolean simplified = true;
    while (simplified && steps < MAX_SHRINK_STEPS) {
      simplified = false;
      for (T simpler : simplerThan.apply(shrunk)) {
        Throwable simplerFailure = failureOf(property, simpler);
        if (simplerFailure != null) {
          shrunk = simpler;
          shrunkFailure = simplerFailure;
          steps++;
          simplified = true;
          break;
        }
      }
    }
    String where =
        failingTry <= smallSamples.size()
            ? "small sample " + failingTry + " of " + smallSamples.size()
            : "random sample " + (failingTry - smallSamples.size()) + " of " + randomTries;
    return new AssertionError(
        String.format(
            "property failed at try %d of %d (%s; seed %d, repeat with -D%s=%d)%n"
                + "  sample:   %s%n"
                + "  shrunk in %d steps to: %s%n"
                + "  failure:  %s",
            failingTry,
            tries(),
            where,
            seed,
            SEED_PROPERTY,
            seed,
            sample,
            steps,
            shrunk,
            shrunkFailure),
        shrunkFailure);
  }

  private static <T> @Nullable Throwable failureOf(Consumer<T> property, T sample) {
    try {
      property.accept(sample);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
