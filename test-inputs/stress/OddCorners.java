import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;
import io.github.deferlint.defer.Deferred1;
import io.github.deferlint.defer.Result;
import io.github.deferlint.defer.Scope;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Java that stresses the checks' handling of the language rather than of the API: nothing here is
 * a pitfall, and no check may crash on it.
 */
class OddCorners {
  record Point(int x, int y) {
    Point {
      Defer.run(scope -> scope.defer(OddCorners::log, x));
    }
  }

  static class Base {
    void cleanup() {}
  }

  static class Derived extends Base {
    @Override
    void cleanup() {
      Defer.run(scope -> {
        scope.defer(super::cleanup);
        scope.defer(this::toString);
      });
    }
  }

  static void log(Object value) {}

  static <T extends Comparable<T>> T max(List<T> values) {
    return Defer.call(scope -> {
      scope.defer(OddCorners::log, values.size());
      T best = values.get(0);
      for (T value : values) {
        if (value.compareTo(best) > 0) {
          best = value;
        }
      }
      return best;
    });
  }

  void references() {
    Defer.run(scope -> {
      Supplier<List<String>> newList = ArrayList::new;
      IntFunction<String[]> newArray = String[]::new;
      Function<String, Integer> parse = Integer::parseInt;
      var list = newList.get();
      scope.defer(list::clear);
      scope.defer(OddCorners::log, newArray.apply(3).length + parse.apply("1"));
      scope.defer(() -> log(new Object() {
        @Override
        public String toString() {
          return "anonymous";
        }
      }));
    });
  }

  void nestedAndSibling(Map<String, Closeable> resources) {
    Defer.run(outer -> {
      Defer.run(inner -> inner.defer(() -> log("inner")));
      Defer.run(sibling -> {
        Scope alias = sibling;
        alias.defer(OddCorners::log, "alias");
        Deferred action = () -> log("stored");
        sibling.defer(action);
        Deferred1<String> printer = OddCorners::log;
        sibling.defer(printer, "value");
      });
      outer.defer(() -> Defer.run(late -> late.defer(() -> log("late"))));
      Runnable r = () -> Defer.run(s -> s.defer(OddCorners::log, "lambda in lambda"));
      r.run();
    });
  }

  Object anonymousScopeBody() {
    return Defer.call(new io.github.deferlint.defer.ScopeFunction<Object, RuntimeException>() {
      @Override
      public Object apply(Scope scope) {
        scope.defer(OddCorners::log, "anonymous body");
        return this;
      }
    });
  }

  int namedWithGenerics(List<? extends Number> numbers) {
    return Defer.named(0, (Scope scope, Result<Integer> result) -> {
      scope.defer(() -> result.set(result.get() + 1));
      return numbers.size();
    });
  }

  static int staticInit;

  static {
    Defer.run(scope -> scope.defer(OddCorners::log, "static init"));
  }

  {
    Defer.run(scope -> scope.defer(OddCorners::log, "instance init"));
  }

  Runnable field = () -> Defer.run(scope -> scope.defer(OddCorners::log, "field"));

  interface WithDefault {
    default void close() {
      Defer.run(scope -> scope.defer(OddCorners::log, "default method"));
    }
  }

  enum Mode {
    ON {
      @Override
      void apply() {
        Defer.run(scope -> scope.defer(OddCorners::log, "enum constant body"));
      }
    };

    abstract void apply();
  }

  abstract static class Abstract {
    abstract void noBody(Scope scope);
  }

  void varAndLabels(List<String> items) {
    Defer.run(scope -> {
      var total = 0;
      outer:
      for (var item : items) {
        for (var c : item.toCharArray()) {
          if (c == 'x') {
            break outer;
          }
        }
        total += item.length();
      }
      scope.defer(OddCorners::log, total);
    });
  }

  void tryWithResources(Closeable resource) throws Exception {
    Defer.run(scope -> {
      try (resource) {
        scope.defer(OddCorners::log, "in try");
      }
    });
  }

  // Functions whose type is an intersection: javac finds no descriptor for the intersection's
  // own class, and a check that asks for the functional method must take no for an answer.
  void intersectionTypedFunctions() {
    Defer.run(scope -> {
      scope.defer((Deferred & java.io.Serializable) () -> log("serializable"));
      scope.defer((Deferred & java.io.Serializable) OddCorners::tidy);
      Runnable later = (Runnable & java.io.Serializable) () -> scope.recover();
      log(later);
    });
    Integer value =
        Defer.call(
            (io.github.deferlint.defer.ScopeFunction<Integer, RuntimeException>
                    & java.io.Serializable)
                scope -> 1);
    log(value);
  }

  static void tidy() {}

  // Loops that do nothing forever. The graph builder of the dataflow Error Prone bundles never
  // finishes on one (Checker Framework issue 6433): each body here makes a check ask for its graph.
  void spinsAfterADeferral(Scope scope, boolean retry) {
    int attempt = 0;
    if (retry) {
      scope.defer(OddCorners::log, attempt);
    } else {
      attempt = 1;
    }
    while (true) {}
  }

  int spinsAfterARecovery() {
    Integer value = Defer.call(scope -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          log("recovered");
        }
      });
      return 1;
    });
    if (value != null) {
      log(value.intValue());
    }
    while (true);
  }

  void spinsAfterAnExit(boolean broken) {
    Defer.run(scope -> {
      if (broken) {
        System.exit(1);
      }
      scope.defer(OddCorners::tidy);
      while ((true)) {
        here: {}
      }
    });
  }
}

