package io.github.deferlint.bench;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/** What the harnesses of bench/ share: their options, their figures, the machine they ran on. */
public final class Harness {
  private Harness() {}

  /**
   * The options in {@code args}: {@code --name value} for each of {@code defaults} (which it
   * overrides) and of {@code optional}, {@code --name} alone for each of {@code flags} (then {@code
   * yes}). With {@code --help}, prints {@code usage} and exits with 0; for an option it does not
   * know or {@code check} rejects (by throwing IllegalArgumentException), says so with {@code
   * usage} and exits with 2.
   */
  public static Map<String, String> options(
      String harness,
      String usage,
      String[] args,
      Map<String, String> defaults,
      Set<String> optional,
      Set<String> flags,
      Consumer<Map<String, String>> check) {
    if (List.of(args).contains("--help")) {
      System.out.print(usage);
      System.exit(0);
    }
    Map<String, String> options = new LinkedHashMap<>(defaults);
    try {
      for (int i = 0; i < args.length; i++) {
        String name = args[i].startsWith("--") ? args[i].substring(2) : "";
        if (flags.contains(name)) {
          options.put(name, "yes");
          continue;
        }
        if (!defaults.containsKey(name) && !optional.contains(name)) {
          throw new IllegalArgumentException("unknown option " + args[i]);
        }
        if (i + 1 == args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        options.put(name, args[++i]);
      }
      check.accept(options);
    } catch (IllegalArgumentException e) {
      System.err.println(harness + ": " + e.getMessage() + "\n" + usage);
      System.exit(2);
    }
    return options;
  }

  /** Rejects (for {@link #options}) a value of {@code names} that is not a whole number. */
  public static void requireNumbers(Map<String, String> options, String... names) {
    for (String name : names) {
      String value = value(options, name);
      if (!value.matches("\\d+")) {
        throw new IllegalArgumentException("--" + name + " takes a number, not " + value);
      }
    }
  }

  /**
   * The value of option {@code name} in {@code options}, one with a default, which {@link #options}
   * always puts there.
   */
  public static String value(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalStateException("--" + name + " has no default: a bug of the harness");
    }
    return value;
  }

  /** The jar or class directory {@code type} was loaded from. */
  public static Path locationOf(Class<?> type) {
    try {
      return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> double median(List<T> runs, ToDoubleFunction<T> measure) {
    return median(runs.stream().map(measure::applyAsDouble).toList());
  }

  public static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  public static long megabytes(double bytes) {
    return Math.round(bytes / (1024 * 1024));
  }

  /**
   * The machine, and how busy it is: {@code Linux amd64, 2 processors, load average 1.20, Java 25}.
   */
  public static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return String.format(
        Locale.ROOT,
        "%s %s, %d processors, load average %.2f, Java %s",
        os.getName(),
        os.getArch(),
        os.getAvailableProcessors(),
        os.getSystemLoadAverage(),
        Runtime.version().feature());
  }
}
